import type { Department } from '@centrala/contracts';
import { sql, type Expression, type Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { DepartmentsTable } from '../../db/schema.js';

export interface DepartmentFields {
  slug: string;
  nameHr: string;
  nameEn: string;
  descriptionHr: string;
  descriptionEn: string;
  active: boolean;
}

/** Departments tickets are routed to (R2); seeded Technical and Financial, edited by admins. */
export function departmentsRepository(db: Db) {
  return {
    async list(): Promise<Department[]> {
      return (await db.selectFrom('departments').selectAll().orderBy('position').orderBy('name_en').execute()).map(present);
    },

    async create(f: DepartmentFields): Promise<Department> {
      const position = await db
        .selectFrom('departments')
        .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('max'))
        .executeTakeFirstOrThrow();
      const row = await db
        .insertInto('departments')
        .values({ ...columns(f), position: Number(position.max) + 1 })
        .returningAll()
        .executeTakeFirstOrThrow();
      return present(row);
    },

    async update(id: string, f: Partial<DepartmentFields>): Promise<Department | undefined> {
      const set = columns(f);
      if (Object.keys(set).length === 0) {
        const row = await db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
        return row && present(row);
      }
      const row = await db.updateTable('departments').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row && present(row);
    },
  };
}
export type DepartmentsRepository = ReturnType<typeof departmentsRepository>;

function columns(f: Partial<DepartmentFields>) {
  return Object.fromEntries(
    Object.entries({
      slug: f.slug,
      name_hr: f.nameHr,
      name_en: f.nameEn,
      description_hr: f.descriptionHr,
      description_en: f.descriptionEn,
      active: f.active,
    }).filter(([, v]) => v !== undefined),
  ) as { slug: string; name_hr: string; name_en: string; description_hr?: string; description_en?: string; active?: boolean };
}

function present(row: Selectable<DepartmentsTable>): Department {
  return {
    id: row.id,
    slug: row.slug,
    nameHr: row.name_hr,
    nameEn: row.name_en,
    descriptionHr: row.description_hr,
    descriptionEn: row.description_en,
    active: row.active,
  };
}

/** Whether a department takes tickets (null if there is none), for a caller that reads it inside a larger query (intake's identify step). */
export const departmentActiveSql = (departmentId: Expression<string>) =>
  sql<boolean | null>`(select d.active from departments d where d.id = ${departmentId})`;

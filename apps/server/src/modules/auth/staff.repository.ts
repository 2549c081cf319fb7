import type { StaffRole, StaffUser } from '@centrala/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database, UsersTable } from '../../db/schema.js';
import type { DomainEvents } from '../../events/index.js';

export function staffRepository(db: Db, events: DomainEvents) {
  return {
    async list(): Promise<StaffUser[]> {
      return (await staffQuery(db).orderBy('u.name').execute()).map(present);
    },

    /** The active agents and admins, as the console offers them to assign a ticket to. */
    async options(): Promise<{ id: string; name: string; role: StaffRole }[]> {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'name', 'role'])
        .where('kind', '=', 'staff')
        .where('disabled_at', 'is', null)
        .orderBy('name')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, role: r.role ?? 'agent' }));
    },

    async create(input: {
      email: string;
      name: string;
      role: StaffRole;
      passwordHash: string;
      departmentIds: string[];
    }): Promise<StaffUser> {
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({
            kind: 'staff',
            account_id: null,
            role: input.role,
            email: input.email,
            name: input.name,
            password_hash: input.passwordHash,
            // The admin chose this password and may have sent it on: the user sets their own at first sign-in.
            must_change_password: true,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await setDepartments(trx, row.id, input.departmentIds);
        return row.id;
      });
      return present(await staffQuery(db).where('u.id', '=', id).executeTakeFirstOrThrow());
    },

    /** An admin made by the operator (`centrala create-admin`): their own password, and TOTP from the first sign-in. */
    async createAdmin(input: { email: string; name: string; passwordHash: string; totpSecret: string }): Promise<StaffUser> {
      const row = await db
        .insertInto('users')
        .values({
          kind: 'staff',
          role: 'admin',
          account_id: null,
          email: input.email,
          name: input.name,
          password_hash: input.passwordHash,
          totp_secret: input.totpSecret,
          totp_enabled: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return present(await staffQuery(db).where('u.id', '=', row.id).executeTakeFirstOrThrow());
    },

    async update(
      id: string,
      patch: {
        name?: string | undefined;
        role?: StaffRole | undefined;
        disabled?: boolean | undefined;
        mustChangePassword?: boolean | undefined;
        departmentIds?: string[] | undefined;
      },
    ): Promise<StaffUser | undefined> {
      const row = await db.transaction().execute(async (trx) => {
        const columns = {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.role !== undefined && { role: patch.role }),
          ...(patch.disabled !== undefined && { disabled_at: patch.disabled ? new Date() : null }),
          ...(patch.mustChangePassword !== undefined && { must_change_password: patch.mustChangePassword }),
        };
        const updated = Object.keys(columns).length
          ? await trx.updateTable('users').set(columns).where('id', '=', id).where('kind', '=', 'staff').returningAll().executeTakeFirst()
          : await trx.selectFrom('users').selectAll().where('id', '=', id).where('kind', '=', 'staff').executeTakeFirst();
        // A disabled user is logged out at once, on every device. The sessions are marked rather than deleted, so a
        // browser still holding one is told its account was disabled; enabling the user again does not revive them.
        if (updated?.disabled_at)
          await trx
            .updateTable('sessions')
            .set({ ended_reason: 'account_disabled' })
            .where('user_id', '=', id)
            .where('ended_reason', 'is', null)
            .execute();
        if (updated && patch.departmentIds) await setDepartments(trx, id, patch.departmentIds);
        // Live sockets learn of it on commit: a disabled user's are closed, the others hear their new departments' alerts.
        if (updated) await events.emit(trx, [{ type: 'user.changed', userId: id }]);
        return updated;
      });
      return row && present(await staffQuery(db).where('u.id', '=', row.id).executeTakeFirstOrThrow());
    },

    async activeAdminCount(): Promise<number> {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** The departments a staff member works in (none: all of them); the realtime gateway picks their SLA alerts by them. */
    async departmentIdsOf(userId: string): Promise<string[]> {
      const rows = await db.selectFrom('staff_departments').select('department_id').where('user_id', '=', userId).execute();
      return rows.map((d) => d.department_id);
    },
  };
}
export type StaffRepository = ReturnType<typeof staffRepository>;

function staffQuery(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .selectAll('u')
    .select(
      sql<
        string[]
      >`coalesce((select array_agg(sd.department_id::text order by sd.department_id) from staff_departments sd where sd.user_id = u.id), '{}')`.as(
        'department_ids',
      ),
    )
    .where('u.kind', '=', 'staff');
}

async function setDepartments(trx: Kysely<Database>, userId: string, departmentIds: string[]): Promise<void> {
  await trx.deleteFrom('staff_departments').where('user_id', '=', userId).execute();
  const unique = [...new Set(departmentIds)];
  if (unique.length)
    await trx
      .insertInto('staff_departments')
      .values(unique.map((department_id) => ({ user_id: userId, department_id })))
      .execute();
}

function present(row: Selectable<UsersTable> & { department_ids: string[] }): StaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role ?? 'agent',
    totpEnabled: row.totp_enabled,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password,
    departmentIds: row.department_ids,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

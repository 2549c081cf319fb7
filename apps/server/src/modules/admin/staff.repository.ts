import type { StaffRole, StaffUser } from '@centrala/contracts';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { UsersTable } from '../../db/schema.js';

export function staffRepository(db: Db) {
  return {
    async list(): Promise<StaffUser[]> {
      return (await db.selectFrom('users').selectAll().where('kind', '=', 'staff').orderBy('name').execute()).map(present);
    },

    async create(input: { email: string; name: string; role: StaffRole; passwordHash: string }): Promise<StaffUser> {
      const row = await db
        .insertInto('users')
        .values({ kind: 'staff', account_id: null, role: input.role, email: input.email, name: input.name, password_hash: input.passwordHash })
        .returningAll()
        .executeTakeFirstOrThrow();
      return present(row);
    },

    async update(id: string, patch: { name?: string | undefined; role?: StaffRole | undefined; disabled?: boolean | undefined }): Promise<StaffUser | undefined> {
      const row = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('users')
          .set({
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.role !== undefined && { role: patch.role }),
            ...(patch.disabled !== undefined && { disabled_at: patch.disabled ? new Date() : null }),
          })
          .where('id', '=', id)
          .where('kind', '=', 'staff')
          .returningAll()
          .executeTakeFirst();
        // A disabled user is logged out at once, on every device.
        if (updated?.disabled_at) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        return updated;
      });
      return row && present(row);
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
  };
}
export type StaffRepository = ReturnType<typeof staffRepository>;

function present(row: Selectable<UsersTable>): StaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role ?? 'agent',
    totpEnabled: row.totp_enabled,
    disabled: row.disabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

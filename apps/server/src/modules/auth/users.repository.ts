import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { UsersTable } from '../../db/schema.js';

export type UserRow = Selectable<UsersTable>;

export const LOCK_AFTER_FAILURES = 5;

export function usersRepository(db: Db) {
  return {
    findByEmail(email: string) {
      return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    },
    findById(id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /**
     * Counts a failed login. From the fifth failure in a row the account locks,
     * for 1, 2, 4 … minutes, at most an hour; the lock is kept in the database
     * so every node sees it.
     */
    recordFailedLogin(id: string) {
      return db
        .updateTable('users')
        .set({
          failed_logins: sql<number>`failed_logins + 1`,
          locked_until: sql<Date | null>`case when failed_logins + 1 >= ${LOCK_AFTER_FAILURES}
            then now() + least(interval '1 minute' * power(2, failed_logins + 1 - ${LOCK_AFTER_FAILURES}), interval '1 hour')
            else locked_until end`,
        })
        .where('id', '=', id)
        .execute();
    },
    recordSuccessfulLogin(id: string) {
      return db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
    },
    setPassword(id: string, passwordHash: string) {
      return db
        .updateTable('users')
        .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
        .where('id', '=', id)
        .execute();
    },
    setLocale(id: string, locale: 'hr' | 'en') {
      return db.updateTable('users').set({ locale }).where('id', '=', id).execute();
    },
    setTotp(id: string, secret: string | null, enabled: boolean) {
      return db.updateTable('users').set({ totp_secret: secret, totp_enabled: enabled }).where('id', '=', id).execute();
    },
  };
}
export type UsersRepository = ReturnType<typeof usersRepository>;

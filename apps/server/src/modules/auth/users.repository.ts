import { sql, type Expression, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database, UsersTable } from '../../db/schema.js';

export type UserRow = Selectable<UsersTable>;

interface UsersDeps {
  /**
   * Whether an account is disabled, as SQL on its id: the accounts module's (which owns the table), handed in by the
   * composition root since accounts imports auth. Read in the login's own query, so signing in stays one round trip.
   */
  accountDisabledSql: (accountId: Expression<string | null>) => RawBuilder<boolean>;
}

export function usersRepository(db: Db, { accountDisabledSql }: UsersDeps) {
  return {
    /** The user with this address, and whether their account (a contact's) is disabled: its people cannot log in. */
    findByEmail(email: string) {
      return db
        .selectFrom('users')
        .selectAll('users')
        .select((eb) => accountDisabledSql(eb.ref('users.account_id')).as('account_disabled'))
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
    },
    /** Whether anyone can log in yet: demo data is added to a database with no users (or to finish a stopped seed). */
    async any(): Promise<boolean> {
      return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
    },
    /** A contact (a client user) by the billing system's id for it: the billing panel's sign-in link names it so. */
    findContactByExternalId(externalId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'account_id', 'email', 'disabled_at', 'can_log_in'])
        .where('external_id', '=', externalId)
        .where('kind', '=', 'client')
        .executeTakeFirst();
    },
    findById(id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /**
     * Takes a TOTP code's time step as the last one used, unless this or a
     * later step was taken already (by a concurrent login with the same code).
     */
    async useTotpStep(id: string, step: number): Promise<boolean> {
      const taken = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
        .executeTakeFirst();
      return taken.numUpdatedRows === 1n;
    },
    /** A contact (client user) of the account, named by id, the billing system's external id or email; the API's requester. */
    contactOf(accountId: string, ref: { id: string } | { externalId: string } | { email: string }) {
      let q = db.selectFrom('users').select(['id', 'name']).where('kind', '=', 'client').where('account_id', '=', accountId);
      if ('id' in ref) q = q.where('id', '=', ref.id);
      else if ('externalId' in ref) q = q.where('external_id', '=', ref.externalId);
      else q = q.where('email', '=', ref.email.toLowerCase());
      return q.executeTakeFirst();
    },
    /** An active staff user's id, by id or email: whom the API may assign a ticket to. */
    activeStaffId: (ref: { id: string } | { email: string }) => activeStaffId(db, ref),
    setLocale(id: string, locale: 'hr' | 'en') {
      return db.updateTable('users').set({ locale }).where('id', '=', id).execute();
    },
    setTotp(id: string, secret: string | null, enabled: boolean) {
      return db.updateTable('users').set({ totp_secret: secret, totp_enabled: enabled }).where('id', '=', id).execute();
    },
  };
}
export type UsersRepository = ReturnType<typeof usersRepository>;

/**
 * An active staff user's id, by id or email, or undefined: whom a ticket may be assigned to. Takes the caller's
 * transaction too (tickets' patch checks the assignee in the one that assigns).
 */
export async function activeStaffId(db: Kysely<Database>, ref: { id: string } | { email: string }): Promise<string | undefined> {
  let q = db.selectFrom('users').select('id').where('kind', '=', 'staff').where('disabled_at', 'is', null);
  q = 'id' in ref ? q.where('id', '=', ref.id) : q.where('email', '=', ref.email.toLowerCase());
  return (await q.executeTakeFirst())?.id;
}

/** A user's name, for a caller that reads it inside a larger query (intake's identify step; a canned response's author). */
export const userNameSql = (userId: Expression<string | null>) => sql<string | null>`(select u.name from users u where u.id = ${userId})`;
/**
 * Users' ids and names as a table a caller joins in its own query (a ticket's messages' authors and events' actors,
 * its viewers). A simple subquery: PostgreSQL pulls it up, so the plan is that of a join on `users`.
 */
export const userNamesTableSql = sql<{ id: string; name: string }>`(select u.id, u.name from users u)`;

/** A user's language, for a caller that reads it inside a larger query (the customer mails' recipients, read by intake). */
export const userLocaleSql = (userId: string | null | Expression<string | null>) =>
  sql<'hr' | 'en' | null>`(select u.locale from users u where u.id = ${userId})`;

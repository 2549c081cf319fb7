import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';

/**
 * Refuses an account id that names no account (`account.unknown` on the field `accountId`): what a ticket is opened
 * for or linked to. Takes the caller's transaction, so the check and the caller's write see the same database.
 */
export async function requireAccount(db: Kysely<Database>, accountId: string): Promise<void> {
  const account = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (!account)
    throw new AppError('account.unknown', text('No such account.', 'Nema takvog računa.'), [
      { path: 'accountId', code: 'not_found', message: text('Choose an account.', 'Odaberite račun.') },
    ]);
}

/**
 * The people of an account a ticket may be opened for (its active client users, the contacts), the one registered with
 * the account's email first, then the oldest.
 */
function contactsOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'client')
    .where('disabled_at', 'is', null)
    .orderBy(sql`email = (select a.email from accounts a where a.id = ${accountId})`, 'desc')
    .orderBy('created_at');
}

/**
 * The requester of a ticket an agent opens for an account: the contact named (who called), which must be one of its
 * active people, or else its registered person; null when the account has no one (its mail goes to its address).
 * Takes the caller's transaction (an agent's new ticket is written in the one that chose its requester).
 */
export async function requesterOf(db: Kysely<Database>, accountId: string, contactId: string | null = null): Promise<string | null> {
  await requireAccount(db, accountId);
  const contact = await (contactId ? contactsOf(db, accountId).where('id', '=', contactId) : contactsOf(db, accountId))
    .limit(1)
    .executeTakeFirst();
  if (contactId && !contact)
    throw new AppError('contact.unknown', text('This person is not a contact of the account.', 'Ta osoba nije kontakt ovog računa.'), [
      {
        path: 'contactId',
        code: 'not_found',
        message: text('Choose one of the account’s contacts.', 'Odaberite jednog od kontakata računa.'),
      },
    ]);
  return contact?.id ?? null;
}

import { sql, type Expression } from 'kysely';

/*
 * An account's addresses, for callers that read them inside a query of their own: intake looks up a batch of mail
 * senders in one query (the email drain's hot path), and a subject tag threads onto a ticket only for its participants.
 */

/** The account whose registered address `address` (lower-case) is, as rows `(account_id)`. */
export const accountOfAddressSql = (address: Expression<string>) =>
  sql<{ account_id: string }>`(select a.id as account_id from accounts a where a.email = ${address})`;

/**
 * Joins (as `live`) the account `accountId` only while it is enabled: a disabled account's addresses are registered no
 * more (issue 13), so its mail is a stranger's; its tickets stay.
 */
export const liveAccountJoinSql = (accountId: Expression<string | null>) =>
  sql`join accounts live on live.id = ${accountId} and live.disabled_at is null`;

/** Whether `address` (lower-case) is an enabled contact's of the account `accountId`. */
export const contactHasAddressSql = (accountId: Expression<string | null>, address: string | Expression<string>) =>
  sql<boolean>`exists (select 1 from users u where u.account_id = ${accountId} and u.account_id is not null
                                              and u.disabled_at is null and lower(u.email) = ${address})`;

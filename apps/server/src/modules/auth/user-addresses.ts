import { sql, type Expression } from 'kysely';

/*
 * Users by their address, for callers that read them inside a query of their own: intake looks up a batch of mail
 * senders in one query (the email drain's hot path), and a subject tag threads onto a ticket only for its participants.
 */

/** The enabled client user (of an account) whose address `address` (lower-case) is, as rows `(user_id, account_id)`. */
export const clientUserOfAddressSql = (address: Expression<string>) =>
  sql<{ user_id: string; account_id: string }>`(select u.id as user_id, u.account_id from users u
    where u.email = ${address} and u.kind = 'client' and u.account_id is not null and u.disabled_at is null)`;

/** Whether `address` (lower-case) is the user `userId`'s. */
export const userHasAddressSql = (userId: Expression<string | null>, address: string | Expression<string>) =>
  sql<boolean>`exists (select 1 from users u where u.id = ${userId} and lower(u.email) = ${address})`;

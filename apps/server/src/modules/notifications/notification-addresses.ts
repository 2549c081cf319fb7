import { sql, type Expression } from 'kysely';

/** The accounts with `address` among their notification addresses, as a relation `(account_id)` for a caller's FROM. */
export const notificationAddressAccountsSql = (address: Expression<string>) =>
  sql<{ account_id: string }>`(select n.account_id from notification_addresses n where n.email = ${address})`;

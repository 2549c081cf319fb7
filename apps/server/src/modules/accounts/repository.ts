import type { Account, AccountWithServices, Service } from '@centrala/contracts';
import { sql, type Expression, type Selectable } from 'kysely';
import { containsPattern } from '../../db/like.js';
import type { Db } from '../../db/pool.js';
import type { AccountsTable, ServicesTable } from '../../db/schema.js';
import { requesterOf } from './contacts.js';

export function accountsRepository(db: Db) {
  const servicesOf = async (accountIds: string[]): Promise<Map<string, Service[]>> => {
    const byAccount = new Map<string, Service[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return byAccount;
    const rows = await db.selectFrom('services').selectAll().where('account_id', 'in', accountIds).orderBy('name').execute();
    for (const row of rows) byAccount.get(row.account_id)?.push(presentService(row));
    return byAccount;
  };

  return {
    async withServices(accountId: string): Promise<AccountWithServices | undefined> {
      const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
      if (!account) return undefined;
      return { ...presentAccount(account), services: (await servicesOf([account.id])).get(account.id) ?? [] };
    },

    /** Whether an account is disabled (or gone): its people may not sign in. */
    async isDisabled(accountId: string): Promise<boolean> {
      const row = await db.selectFrom('accounts').select('disabled_at').where('id', '=', accountId).executeTakeFirst();
      return !row || row.disabled_at !== null;
    },

    /** One service, only if it belongs to the given account. */
    async serviceOf(accountId: string, serviceId: string): Promise<Service | undefined> {
      const row = await db
        .selectFrom('services')
        .selectAll()
        .where('id', '=', serviceId)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row && presentService(row);
    },

    /** An account named by our id or the billing system's external id (the API's way of naming one). */
    async accountRef(ref: { id: string } | { externalId: string }): Promise<{ id: string; name: string } | undefined> {
      const q = db.selectFrom('accounts').select(['id', 'name']);
      return ('id' in ref ? q.where('id', '=', ref.id) : q.where('external_id', '=', ref.externalId)).executeTakeFirst();
    },

    /** A service of the account only, named by id, external id or order number; another account's is not found. */
    async serviceRef(accountId: string, ref: { id: string } | { externalId: string } | { orderNumber: string }) {
      let q = db.selectFrom('services').select('id').where('account_id', '=', accountId);
      if ('id' in ref) q = q.where('id', '=', ref.id);
      else if ('externalId' in ref) q = q.where('external_id', '=', ref.externalId);
      else q = q.where('order_number', '=', ref.orderNumber);
      return (await q.executeTakeFirst())?.id;
    },

    /** Whom an agent opens a ticket for on a call from the account: the contact named, or its registered person. */
    requesterOf: (accountId: string, contactId: string | null) => requesterOf(db, accountId, contactId),

    /** Agents look customers up by name, email, order number or IP address. */
    async search(query: string, limit = 50): Promise<AccountWithServices[]> {
      const q = query.trim();
      let select = db.selectFrom('accounts').selectAll('accounts').orderBy('accounts.name').limit(limit);
      if (q) {
        const like = containsPattern(q);
        const order = q.replace(/^#/, '');
        select = select.where((eb) =>
          eb.or([
            eb('accounts.name', 'ilike', like),
            eb('accounts.email', 'ilike', like),
            eb.exists(
              eb
                .selectFrom('services')
                .select(sql`1`.as('one'))
                .whereRef('services.account_id', '=', 'accounts.id')
                .where((s) =>
                  s.or([
                    s('services.order_number', '=', order),
                    s('services.name', 'ilike', like),
                    s(sql<string>`array_to_string(services.ip_addresses, ' ')`, 'ilike', like),
                  ]),
                ),
            ),
          ]),
        );
      }
      const accounts = await select.execute();
      const services = await servicesOf(accounts.map((a) => a.id));
      return accounts.map((a) => ({ ...presentAccount(a), services: services.get(a.id) ?? [] }));
    },
  };
}
export type AccountsRepository = ReturnType<typeof accountsRepository>;

function presentAccount(row: Selectable<AccountsTable>): Account {
  return { id: row.id, name: row.name, email: row.email, createdAt: new Date(row.created_at).toISOString() };
}

function presentService(row: Selectable<ServicesTable>): Service {
  return {
    id: row.id,
    name: row.name,
    orderNumber: row.order_number,
    product: row.product,
    location: row.location,
    status: row.status,
    ipAddresses: row.ip_addresses,
  };
}

/** A service as intake's identify step reads it: what the incident extractor matches the text against. */
export interface KnownService {
  id: string;
  name: string;
  order_number: string;
  ip_addresses: string[];
}

/**
 * An account's services as one JSON array, and its name, for a caller that
 * reads them inside a larger query: intake identifies a batch of submissions
 * in one round trip on ticket creation's hot path, where a call per module
 * would cost a round trip each.
 */
export const accountServicesSql = (accountId: Expression<string | null>) =>
  sql<KnownService[]>`(select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'order_number', s.order_number,
    'ip_addresses', s.ip_addresses)), '[]') from services s where s.account_id = ${accountId})`;
export const accountNameSql = (accountId: Expression<string | null>) =>
  sql<string | null>`(select a.name from accounts a where a.id = ${accountId})`;
/** A service's name, read per row of a caller's query (the tickets queue's and search's pages). */
export const serviceNameSql = (serviceId: Expression<string | null>) =>
  sql<string | null>`(select s.name from services s where s.id = ${serviceId})`;

/*
 * What the tickets search matches a customer by, as subqueries of its own indexed queries (one per way of matching):
 * the ids of the accounts and services that match, for `t.account_id in (…)` and `t.service_id in (…)`.
 */
/** Accounts whose name or email contains `q` (case-insensitive). */
export const accountIdsMatchingSql = (q: string) => {
  const like = containsPattern(q);
  return sql<string>`(select ac.id from accounts ac where (ac.name ilike ${like} or ac.email ilike ${like}))`;
};
/** Services with this order number. */
export const serviceIdsByOrderNumberSql = (orderNumber: string) =>
  sql<string>`(select sv.id from services sv where sv.order_number = ${orderNumber})`;
/** Services that have this IP address (one the caller has checked is an address: it is cast to inet). */
export const serviceIdsByAddressSql = (ip: string) =>
  sql<string>`(select sv.id from services sv where sv.ip_addresses @> array[${ip}]::inet[])`;

/*
 * Accounts' and services' external ids as tables a caller joins in its own query (the webhooks' ticket payloads, a
 * batch in one statement). Simple subqueries: PostgreSQL pulls them up, so the plan is that of a join on the table.
 */
export const accountExternalIdsSql = sql<{ id: string; external_id: string | null }>`(select a.id, a.external_id from accounts a)`;
export const serviceExternalIdsSql = sql<{ id: string; external_id: string | null }>`(select s.id, s.external_id from services s)`;

/**
 * The account's id and registered address as a relation of one row (none when there is no such account), for a
 * caller's FROM: the customer mails' recipients fall back to the address (notifications' recipientsSql, read in
 * intake's identify query). A subquery in FROM is pulled up by the planner, so it reads as `from accounts a` did.
 */
export const accountEmailSql = (accountId: string | null | Expression<string | null>) =>
  sql<{ id: string; email: string }>`(select a.id, a.email from accounts a where a.id = ${accountId})`;

/**
 * Whether an account is disabled (its contacts may not log in), for auth's login query: handed to auth by the
 * composition root, as auth cannot import accounts (accounts imports auth).
 */
export const accountDisabledSql = (accountId: Expression<string | null>) =>
  sql<boolean>`exists (select from accounts a where a.id = ${accountId} and a.disabled_at is not null)`;

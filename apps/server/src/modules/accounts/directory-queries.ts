import type { Contact, DirectoryAccount, DirectoryAccountDetail, DirectoryQuery, Page, ServiceRecord } from '@centrala/contracts';
import { z } from 'zod';
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { containsPattern } from '../../db/like.js';
import type { Db } from '../../db/pool.js';
import type { Database } from '../../db/schema.js';
import { presentContact, presentDirectoryAccount, presentServiceRecord, type AccountRow } from './presenters.js';

const ipOrRange = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/**
 * A service matches a search by its name, external id, order number (`#123456`) or an address: `q` an address
 * inside one of its ranges, or a range holding one of its addresses (`inet &&`).
 */
function serviceMatches(eb: ExpressionBuilder<Database, 'services'>, q: string) {
  const like = containsPattern(q);
  const ors = [
    eb('services.name', 'ilike', like),
    eb('services.external_id', '=', q),
    eb('services.order_number', '=', q.replace(/^#/, '')),
  ];
  if (ipOrRange.safeParse(q).success) ors.push(eb.exists(sql`(select 1 from unnest(services.ip_addresses) ip where ip && ${q}::inet)`));
  return eb.or(ors);
}

async function paged<TB extends keyof Database, T, R>(
  query: SelectQueryBuilder<Database, TB, T>,
  page: Pick<DirectoryQuery, 'offset' | 'limit'>,
  present: (rows: T[]) => Promise<R[]> | R[],
): Promise<Page<R>> {
  const [rows, count] = await Promise.all([
    query.offset(page.offset).limit(page.limit).execute(),
    query
      .clearSelect()
      .clearOrderBy()
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await present(rows), total: Number(count.n), offset: page.offset, limit: page.limit };
}

/**
 * An account's tickets counted inside the directory's query, as a scalar subquery: the tickets module's (tickets
 * imports accounts, so the composition root hands it in).
 */
export type TicketCountSql = (accountId: Expression<string>) => RawBuilder<number>;

/** The directory's reads: lists and searches, paged, and one record by id. */
export function directoryQueries(db: Db, ticketCountSql: TicketCountSql) {
  const countsOf = async (ids: string[]) => {
    if (ids.length === 0) return new Map<string, DirectoryAccount['counts']>();
    const { rows } = await sql<{ id: string; contacts: number; services: number; tickets: number }>`
      select a.id,
        (select count(*)::int from users u where u.account_id = a.id) as contacts,
        (select count(*)::int from services s where s.account_id = a.id) as services,
        ${ticketCountSql(sql.ref('a.id'))} as tickets
      from accounts a where a.id = any(${ids}::uuid[])`.execute(db);
    return new Map(rows.map((r) => [r.id, { contacts: r.contacts, services: r.services, tickets: r.tickets }]));
  };
  const withCounts = async (rows: AccountRow[]) => {
    const counts = await countsOf(rows.map((r) => r.id));
    return rows.map((r) => presentDirectoryAccount(r, counts.get(r.id) ?? { contacts: 0, services: 0, tickets: 0 }));
  };

  const account = async (id: string): Promise<DirectoryAccount | undefined> => {
    const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (await withCounts([row]))[0];
  };

  return {
    account,

    /** Our id of the record that carries a billing system's id, if any. */
    async idOfExternal(kind: 'account' | 'contact' | 'service', externalId: string): Promise<string | undefined> {
      const table = kind === 'account' ? 'accounts' : kind === 'contact' ? 'users' : 'services';
      const row = await db.selectFrom(table).select('id').where('external_id', '=', externalId).executeTakeFirst();
      return row?.id;
    },

    /** An account with its services, as the API's `GET /api/v1/accounts/{id}` reads it. */
    async accountDetail(id: string): Promise<DirectoryAccountDetail | undefined> {
      const [found, services] = await Promise.all([
        account(id),
        db.selectFrom('services').selectAll().where('account_id', '=', id).orderBy('name').execute(),
      ]);
      return found && { ...found, services: services.map(presentServiceRecord) };
    },

    /** Accounts by name, email, external id, a contact's address or name, or any of their services' (see serviceMatches). */
    accounts(query: DirectoryQuery): Promise<Page<DirectoryAccount>> {
      let q = db.selectFrom('accounts').selectAll('accounts').orderBy('accounts.name').orderBy('accounts.id');
      if (query.status !== 'all') q = q.where('accounts.disabled_at', query.status === 'active' ? 'is' : 'is not', null);
      if (query.q) {
        const like = containsPattern(query.q);
        q = q.where((eb) =>
          eb.or([
            eb('accounts.name', 'ilike', like),
            eb('accounts.email', 'ilike', like),
            eb('accounts.external_id', '=', query.q),
            eb.exists(
              eb
                .selectFrom('users')
                .select(sql`1`.as('one'))
                .whereRef('users.account_id', '=', 'accounts.id')
                .where((u) =>
                  u.or([u('users.email', 'ilike', like), u('users.name', 'ilike', like), u('users.external_id', '=', query.q)]),
                ),
            ),
            eb.exists(
              eb
                .selectFrom('services')
                .select(sql`1`.as('one'))
                .whereRef('services.account_id', '=', 'accounts.id')
                .where((s) => serviceMatches(s, query.q)),
            ),
          ]),
        );
      }
      return paged(q, query, withCounts);
    },

    async contact(id: string): Promise<Contact | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).where('kind', '=', 'client').executeTakeFirst();
      return row && presentContact(row);
    },

    contacts(query: DirectoryQuery): Promise<Page<Contact>> {
      let q = db.selectFrom('users').selectAll().where('kind', '=', 'client').orderBy('name').orderBy('id');
      if (query.accountId) q = q.where('account_id', '=', query.accountId);
      if (query.status !== 'all') q = q.where('disabled_at', query.status === 'active' ? 'is' : 'is not', null);
      if (query.q) {
        const like = containsPattern(query.q);
        q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('email', 'ilike', like), eb('external_id', '=', query.q)]));
      }
      return paged(q, query, (rows) => rows.map(presentContact));
    },

    async service(id: string): Promise<ServiceRecord | undefined> {
      const row = await db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
      return row && presentServiceRecord(row);
    },

    /** `status`: `active` keeps active services, `disabled` the others (suspended, pending, cancelled). */
    services(query: DirectoryQuery): Promise<Page<ServiceRecord>> {
      let q = db.selectFrom('services').selectAll().orderBy('name').orderBy('id');
      if (query.accountId) q = q.where('account_id', '=', query.accountId);
      if (query.status !== 'all') q = q.where('status', query.status === 'active' ? '=' : '<>', 'active');
      if (query.q) q = q.where((eb) => serviceMatches(eb, query.q));
      return paged(q, query, (rows) => rows.map(presentServiceRecord));
    },
  };
}
export type DirectoryQueries = ReturnType<typeof directoryQueries>;

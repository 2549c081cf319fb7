import { isIP } from 'node:net';
import type { Channel, QueueFilter, TicketStatus } from '@centrala/contracts';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { batched } from '../../db/batched.js';
import type { Database } from '../../db/schema.js';
import { Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import {
  accountIdsMatchingSql,
  accountNameSql,
  serviceIdsByAddressSql,
  serviceIdsByOrderNumberSql,
  serviceNameSql,
} from '../accounts/index.js';
import { userNameSql, userNamesTableSql } from '../auth/index.js';
import type { Reach } from './policies.js';
import type { Visibility } from './presenters.js';
import { REFERENCE_FIRST_HALF, TICKET_REFERENCE } from './reference.js';
import { inflectedWordsQuery } from './search-words.js';
import { isUuid } from '../../db/ids.js';

const ACTIVE = ['open', 'awaiting_agent', 'awaiting_customer'] as const;
const DONE = ['resolved', 'closed'] as const;

/**
 * The groups of statuses a queue page looks in, one after the other: the
 * chosen status; else the active ones; and for a search also resolved and
 * closed tickets, after all the active ones (an agent looking up a reference
 * must find it whatever its state). Searched in one order with the active
 * ones, a common word's first page sorted ~140,000 resolved and closed matches
 * (470 ms at 1M tickets, 80 % of them resolved or closed); apart, the active
 * tickets' small indexes fill it as before (0.5 ms). Resolved and closed
 * matches are then found by the full-text index and sorted, in time with
 * their number. The resolved and closed tickets' index, most recently
 * changed first (migration 0006), is for the status filter. An index in queue
 * order over all statuses made PostgreSQL 15 walk it for rare words instead
 * of the full-text bitmap, across the whole table (450 ms).
 */
function scopesOf(filter: QueueFilter): Scope[] {
  if (filter.status) return [{ statuses: [filter.status], order: isDone(filter.status) ? 'recent' : 'queue' }];
  const active: Scope = { statuses: ACTIVE, order: 'queue' };
  return filter.q ? [active, { statuses: DONE, order: 'recent' }] : [active];
}

/**
 * A group of statuses and its order: the work queue for active tickets (High
 * first, nearest due); the most recently changed first for resolved and
 * closed ones, which have no due time (in queue order they came oldest first).
 */
interface Scope {
  statuses: readonly TicketStatus[];
  order: 'queue' | 'recent';
}
const isDone = (status: TicketStatus) => (DONE as readonly TicketStatus[]).includes(status);

/**
 * The names beside a ticket come from scalar subqueries, not joins: they are
 * looked up for the rows a page returns only, and the planner has no join
 * order to search. On the queue's first page at 1M tickets that took planning
 * from 1.4 to 0.4 ms and execution from 1.9 to 1.4 ms. Each is its owner's
 * fragment (accounts', auth's), so the tables stay theirs.
 */
function summaries(db: Kysely<Database>) {
  return db.selectFrom('tickets as t').select([
    't.id',
    't.reference',
    't.subject',
    't.status',
    't.priority',
    't.channel',
    't.trust',
    't.department_id',
    't.account_id',
    accountNameSql(sql.ref('t.account_id')).as('account_name'),
    // Many tickets have no service and most no assignee: no lookup for those.
    sql<string | null>`case when t.service_id is not null then ${serviceNameSql(sql.ref('t.service_id'))} end`.as('service_name'),
    't.assignee_id',
    sql<string | null>`case when t.assignee_id is not null then ${userNameSql(sql.ref('t.assignee_id'))} end`.as('assignee_name'),
    isoText<string | null>('t.first_response_at').as('first_response_at'),
    isoText<string | null>('t.due_at').as('due_at'),
    't.sla_state',
    't.abuse',
    't.priority_rank',
    // The keyset cursor's values, to the microsecond: a key cut to the millisecond skips or repeats rows at a page edge.
    keyText('t.queue_sort_at').as('sort_key'),
    keyText('t.created_at').as('created_key'),
    keyText('t.updated_at').as('updated_key'),
  ]);
}

const KEY_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z|infinity)$/;
/**
 * A cursor's time: KEY_TIME's shape and an instant PostgreSQL takes. The shape alone lets a made-up cursor through
 * (2026-99-99…, year 0000), and the query's cast then fails as a 500.
 */
function isKeyTime(v: unknown): v is string {
  if (typeof v !== 'string' || !KEY_TIME.test(v)) return false;
  if (v === 'infinity') return true;
  const t = Date.parse(v);
  return Number.isFinite(t) && !v.startsWith('0000') && new Date(t).toISOString().slice(0, 19) === v.slice(0, 19);
}

/** keyText of a Date made in Node (whole milliseconds), for rows built without reading them back. */
export const keyTimeOf = (at: Date | null) => (at ? `${at.toISOString().slice(0, -1)}000Z` : 'infinity');

/** A timestamp as a fixed-width UTC text (or 'infinity'), so texts compare as the instants do. */
const keyText = (column: 't.queue_sort_at' | 't.created_at' | 't.updated_at') =>
  sql<string>`case when ${sql.ref(column)} = 'infinity' then 'infinity' else to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end`;

/**
 * A timestamp as the API shows it (what Date#toISOString gives), formatted by
 * PostgreSQL: parsing it into a Date and formatting it again in Node took a
 * sixth of the server's time on the queue's first page (50 rows × 4 times).
 */
const isoText = <T extends string | null = string>(column: 't.first_response_at' | 't.due_at') =>
  sql<T>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['executeTakeFirstOrThrow']>>;

/** Where a page ended, in its group's order: the queue's (rank, due, created, id) or the recent order's (updated, id). */
type QueueKey = [number, string, string, string] | [string, string];

/** Keyset cursor: the last row's group of statuses (scopesOf) and its place in that group's order. */
function encodeCursor(r: SummaryRow, scopes: Scope[]): string {
  const scope = scopes.findIndex((s) => s.statuses.includes(r.status));
  const key: QueueKey = scopes[scope]?.order === 'recent' ? [r.updated_key, r.id] : [r.priority_rank, r.sort_key, r.created_key, r.id];
  return Buffer.from(JSON.stringify({ scope, key })).toString('base64url');
}
/**
 * The cursor's place, or undefined for one that is not this filter's: another
 * filter's (its groups differ) or a made-up one. Such a cursor starts the
 * pages from the top; nothing from it reaches SQL unchecked.
 */
function decodeCursor(cursor: string, scopes: Scope[]): { key: QueueKey; scope: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    return undefined;
  }
  const { scope, key } = (parsed ?? {}) as { scope?: unknown; key?: unknown };
  if (typeof scope !== 'number' || !Number.isInteger(scope) || scope < 0 || scope >= scopes.length || !Array.isArray(key)) return undefined;
  const time = isKeyTime;
  const id = isUuid;
  const valid =
    scopes[scope]!.order === 'recent'
      ? key.length === 2 && time(key[0]) && id(key[1])
      : key.length === 4 && (key[0] === 0 || key[0] === 1) && time(key[1]) && time(key[2]) && id(key[3]);
  return valid ? { key: key as QueueKey, scope } : undefined;
}

/** A page's end in the most-recently-changed order: (updated, id), or undefined for a cursor that is not one. */
function decodeRecentCursor(cursor: string): [string, string] | undefined {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    return undefined;
  }
  return Array.isArray(key) && key.length === 2 && isKeyTime(key[0]) && isUuid(key[1]) ? [key[0], key[1]] : undefined;
}

/** A ticket with its conversation and history, in one round trip (messages and events as JSON arrays). */
function detailRow(db: Kysely<Database>, ticketId: string, seen: Visibility) {
  return summaries(db)
    .select((eb) => [
      't.incident',
      // A merged duplicate points to the ticket its conversation went to (migration 0030).
      sql<
        string | null
      >`case when t.merged_into_id is not null then (select r.reference from tickets r where r.id = t.merged_into_id) end`.as(
        'merged_into',
      ),
      jsonArrayFrom(
        eb
          .selectFrom('ticket_messages as m')
          .leftJoin(userNamesTableSql.as('mu'), 'mu.id', 'm.author_id')
          .select((mb) => [
            'm.id',
            'm.author_type',
            'm.body',
            'm.internal',
            'm.trust',
            'm.created_at',
            // A requester known only by an email address (no user; migration 0015) is named by it; an API token by its
            // name when it wrote (migration 0031).
            sql<
              string | null
            >`coalesce(mu.name, m.author_label, case when m.author_type = 'customer' and m.author_id is null then t.requester_email end)`.as(
              'author_name',
            ),
            jsonArrayFrom(
              mb
                .selectFrom('attachments as f')
                .select(['f.id', 'f.filename', 'f.content_type', 'f.size_bytes'])
                .whereRef('f.message_id', '=', 'm.id')
                .orderBy('f.created_at')
                // Byte order, whatever the database's collation: intake orders a new ticket's files the same way.
                .orderBy(sql`f.filename collate "C"`),
            ).as('files'),
          ])
          // A mail's EmailMeta is staff only: a customer's detail does not read it at all.
          .$if(seen.emailMeta, (q) => q.select('m.email'))
          .whereRef('m.ticket_id', '=', 't.id')
          .$if(!seen.internalNotes, (q) => q.where('m.internal', '=', false))
          .orderBy('m.created_at')
          .orderBy('m.id'),
      ).as('messages'),
      jsonArrayFrom(
        eb
          .selectFrom('ticket_events as e')
          .leftJoin(userNamesTableSql.as('eu'), 'eu.id', 'e.actor_id')
          .select(['e.id', 'e.kind', 'e.data', 'e.created_at', sql<string | null>`coalesce(eu.name, e.actor_label)`.as('actor_name')])
          .whereRef('e.ticket_id', '=', 't.id')
          .$if(seen.eventKinds !== 'all', (q) => q.where('e.kind', 'in', seen.eventKinds as readonly string[]))
          .orderBy('e.id'),
      ).as('events'),
    ])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
}

/** A ticket as its detail query reads it; intake builds one for the ticket it has just written. */
export type TicketDetailRow = NonNullable<Awaited<ReturnType<typeof detailRow>>>;

/** Rows in the order of the ids asked for; undefined where none matched. */
function inOrder<R extends { id: string }>(ids: string[], rows: R[]): (R | undefined)[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

/**
 * The tickets module's reads of its tables (tickets, ticket_messages, ticket_events, attachments), as rows: what a
 * viewer is shown of them is the presenters' (presenters.ts), who may reach them the policies' (policies.ts).
 */
export function ticketsRepository(db: Kysely<Database>) {
  return {
    // Every realtime event reads its ticket's summary: concurrent ones share a round trip.
    summary: batched(
      async (ids: string[]): Promise<(SummaryRow | undefined)[]> => {
        const rows = await summaries(db)
          .where('t.id', '=', sql<string>`any(${ids}::uuid[])`)
          .execute();
        return inOrder(ids, rows);
      },
      { maxBatch: 100, maxInFlight: 4 },
    ),

    /** A ticket by reference, typed in any case; with `accountId`, only if it is that account's. */
    async find(typed: string, reach: Reach = {}) {
      const reference = typed.toUpperCase();
      if (!TICKET_REFERENCE.test(reference)) return undefined;
      let q = db.selectFrom('tickets').selectAll().where('reference', '=', reference);
      if (reach.accountId) q = q.where('account_id', '=', reach.accountId);
      return q.executeTakeFirst();
    },

    /** A ticket with what `seen` lets its viewer see of its conversation and history, in one round trip. */
    detail(ticketId: string, seen: Visibility): Promise<TicketDetailRow | undefined> {
      return detailRow(db, ticketId, seen);
    },

    /**
     * The customer's other tickets beside `ticket` (issue 13 point 5): its account's, or for an accountless ticket
     * those of its requester's address; most recently changed first, keyset-paged (a cursor not of this shape starts
     * from the top).
     */
    async others(
      ticket: { id: string; account_id: string | null; requester_email: string | null },
      page: { cursor?: string | undefined; limit: number },
    ): Promise<{ rows: SummaryRow[]; nextCursor: string | null }> {
      let q = summaries(db).where('t.id', '<>', ticket.id);
      if (ticket.account_id) q = q.where('t.account_id', '=', ticket.account_id);
      else if (ticket.requester_email)
        q = q.where('t.account_id', 'is', null).where(sql<boolean>`lower(t.requester_email) = lower(${ticket.requester_email})`);
      else return { rows: [], nextCursor: null };
      const after = page.cursor ? decodeRecentCursor(page.cursor) : undefined;
      if (after) q = q.where(sql<boolean>`(t.updated_at, t.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
      const rows = await q
        .orderBy('t.updated_at', 'desc')
        .orderBy('t.id', 'desc')
        .limit(page.limit + 1)
        .execute();
      const shown = rows.slice(0, page.limit);
      const last = shown.at(-1);
      return {
        rows: shown,
        nextCursor:
          rows.length > page.limit && last ? Buffer.from(JSON.stringify([last.updated_key, last.id])).toString('base64url') : null,
      };
    },

    forAccount(accountId: string): Promise<SummaryRow[]> {
      return summaries(db).where('t.account_id', '=', accountId).orderBy('t.updated_at', 'desc').limit(200).execute();
    },

    /** How many High tickets wait for an agent (open, or awaiting one): the console's title shows it (issue 10 point 5). */
    async highWaiting(): Promise<number> {
      const row = await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        // priority_rank, not priority: the queue index's leading column, over active tickets only.
        .where('priority_rank', '=', 0)
        .where('status', 'in', ['open', 'awaiting_agent'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * The agent queue (issue 3): filtered, keyset-paged, one group of
     * statuses after another, each in its order (scopesOf: active tickets
     * High first and then nearest due; resolved and closed ones most
     * recently changed first). A search
     * runs as one indexed query per way of matching (words, customer, IP,
     * order number) and the pages are merged: an OR across them would defeat
     * every index and scan the whole table.
     */
    async queue(filter: QueueFilter, me: string): Promise<{ rows: SummaryRow[]; nextCursor: string | null }> {
      const page = (scope: Scope, after: QueueKey | undefined, match?: Match) => {
        let q = summaries(db).where('t.status', 'in', scope.statuses);
        if (filter.department) q = q.where('t.department_id', '=', filter.department);
        // On priority_rank, the queue indexes' leading column: an index condition, not a filter.
        if (filter.priority) q = q.where('t.priority_rank', '=', filter.priority === 'high' ? 0 : 1);
        if (filter.sla) q = q.where('t.sla_state', '=', filter.sla);
        if (filter.assignee === 'me') q = q.where('t.assignee_id', '=', me);
        else if (filter.assignee === 'none') q = q.where('t.assignee_id', 'is', null);
        else if (filter.assignee) q = q.where('t.assignee_id', '=', filter.assignee);
        if (match) q = q.where((eb) => match(eb));
        if (scope.order === 'recent') {
          if (after) q = q.where(sql<boolean>`(t.updated_at, t.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
          // A search sorts its matches, found by their indexes. Ordered by the bare column, the planner may walk
          // the recent-order index instead and test every resolved and closed ticket against a rare word: 2 s at
          // 1M tickets in one bench run of three. An expression it has no index for rules that walk out.
          return q
            .orderBy(match ? sql`t.updated_at + interval '0 seconds'` : sql.ref('t.updated_at'), 'desc')
            .orderBy('t.id', 'desc')
            .limit(filter.limit + 1)
            .execute();
        }
        if (after) {
          q = q.where(
            sql<boolean>`(t.priority_rank, t.queue_sort_at, t.created_at, t.id) > (${after[0]}, ${after[1]}::timestamptz, ${after[2]}::timestamptz, ${after[3]}::uuid)`,
          );
        }
        return q
          .orderBy('t.priority_rank')
          .orderBy('t.queue_sort_at')
          .orderBy('t.created_at')
          .orderBy('t.id')
          .limit(filter.limit + 1)
          .execute();
      };
      const matches = filter.q ? searchMatches(filter.q) : [undefined];
      const scopes = scopesOf(filter);
      const cursor = filter.cursor ? decodeCursor(filter.cursor, scopes) : undefined;
      const rows: SummaryRow[] = [];
      // A later group is read only when the earlier ones could not fill the page.
      for (let s = cursor?.scope ?? 0; s < scopes.length && rows.length <= filter.limit; s++) {
        const after = s === cursor?.scope ? cursor.key : undefined;
        const scope = scopes[s]!;
        rows.push(...merge(await Promise.all(matches.map((m) => page(scope, after, m))), scope.order, filter.limit + 1));
      }
      const shown = rows.slice(0, filter.limit);
      return { rows: shown, nextCursor: rows.length > filter.limit ? encodeCursor(shown.at(-1)!, scopes) : null };
    },

    /**
     * The API's list (issue 13 point 5): tickets in every status, filtered, the most recently updated first (then id),
     * keyset-paged on (updated_at, id) so a page edge neither skips nor repeats a row. A search runs one indexed query
     * per way of matching, merged, as the queue's does.
     */
    async list(filter: ListFilter): Promise<{ rows: SummaryRow[]; nextCursor: string | null }> {
      const after = filter.cursor === undefined ? undefined : decodeListCursor(filter.cursor);
      const page = (match?: Match) => {
        let q = summaries(db);
        if (filter.status) q = q.where('t.status', '=', filter.status);
        if (filter.priority) q = q.where('t.priority', '=', filter.priority);
        if (filter.departmentId) q = q.where('t.department_id', '=', filter.departmentId);
        if (filter.accountId) q = q.where('t.account_id', '=', filter.accountId);
        if (filter.assignee === 'none') q = q.where('t.assignee_id', 'is', null);
        else if (filter.assignee) q = q.where('t.assignee_id', '=', filter.assignee);
        if (filter.channel) q = q.where('t.channel', '=', filter.channel);
        if (filter.updatedSince) q = q.where('t.updated_at', '>=', new Date(filter.updatedSince));
        if (match) q = q.where((eb) => match(eb));
        if (after) q = q.where(sql<boolean>`(t.updated_at, t.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
        return q
          .orderBy('t.updated_at', 'desc')
          .orderBy('t.id', 'desc')
          .limit(filter.limit + 1)
          .execute();
      };
      const matches = filter.q ? searchMatches(filter.q) : [undefined];
      const rows = merge(await Promise.all(matches.map((m) => page(m))), 'recent', filter.limit + 1);
      const shown = rows.slice(0, filter.limit);
      const last = shown.at(-1);
      return {
        rows: shown,
        nextCursor:
          rows.length > filter.limit && last ? Buffer.from(JSON.stringify([last.updated_key, last.id])).toString('base64url') : null,
      };
    },

    /**
     * A stored file by id, with what sending it needs; within `reach` (a customer's account) and, when `seen` hides
     * internal notes, not one of theirs.
     */
    async attachment(id: string, reach: Reach, seen: Visibility) {
      let q = db
        .selectFrom('attachments as f')
        .innerJoin('tickets as t', 't.id', 'f.ticket_id')
        .innerJoin('ticket_messages as m', 'm.id', 'f.message_id')
        .select(['f.sha256', 'f.filename', 'f.content_type', 'f.size_bytes'])
        .where('f.id', '=', id);
      if (reach.accountId) q = q.where('t.account_id', '=', reach.accountId);
      if (!seen.internalNotes) q = q.where('m.internal', '=', false);
      return q.executeTakeFirst();
    },
  };
}
export type TicketsRepository = ReturnType<typeof ticketsRepository>;

/**
 * How many tickets an account has, as a scalar subquery of another module's query: the directory's counts beside each
 * account (accounts is below tickets, so the composition root hands it this).
 */
export const accountTicketCountSql = (accountId: Expression<string>) =>
  sql<number>`(select count(*)::int from tickets t where t.account_id = ${accountId})`;

/**
 * A message's files, in the order they were attached, read in the caller's transaction: notifications mails an agent's
 * reply with them from the transaction that wrote it.
 */
export function messageFiles(trx: Kysely<Database>, messageId: string) {
  return trx
    .selectFrom('attachments')
    .select(['sha256', 'filename', 'content_type as contentType'])
    .where('message_id', '=', messageId)
    .orderBy('created_at')
    .execute();
}

/** What the API's list is filtered by, every name already resolved to its id. */
export interface ListFilter {
  status?: TicketStatus | undefined;
  priority?: 'regular' | 'high' | undefined;
  departmentId?: string | undefined;
  accountId?: string | undefined;
  /** A staff user's id, or `none` for unassigned. */
  assignee?: string | undefined;
  channel?: Channel | undefined;
  updatedSince?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The list's cursor: the last row's (updated_at, id); one that is not ours is the caller's error, said as such. */
function decodeListCursor(cursor: string): [string, string] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    key = null;
  }
  if (Array.isArray(key) && key.length === 2 && isKeyTime(key[0]) && key[0] !== 'infinity') if (isUuid(key[1])) return [key[0], key[1]];
  throw Errors.invalid([
    {
      path: 'cursor',
      code: 'invalid',
      message: text(
        'Not a cursor of this list: pass nextCursor as it was given.',
        'Nije kursor ovog popisa: pošaljite nextCursor kakav je dobiven.',
      ),
    },
  ]);
}

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9a-f:]+:[0-9a-f:.]*$/i;
const ORDER = /^#?(\d{6})$/;

type Match = (eb: ExpressionBuilder<Database & { t: Database['tickets'] }, 't'>) => Expression<SqlBool>;

/** Pages of one group of statuses, one per way of matching, as one page in the group's order. */
function merge(pages: SummaryRow[][], order: Scope['order'], size: number): SummaryRow[] {
  // One page is in order already; only several ways of matching need merging.
  if (pages.length === 1) return pages[0]!;
  const seen = new Set<string>();
  return pages
    .flat()
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .sort(order === 'recent' ? recentOrder : queueOrder)
    .slice(0, size);
}

/** The same order as the SQL's for resolved and closed tickets: the most recently changed first, then id (descending). */
function recentOrder(x: SummaryRow, y: SummaryRow): number {
  return -compare(x.updated_key, y.updated_key) || -compare(x.id, y.id);
}

/** The same order as the SQL: High first, nearest due (none last), oldest, id. */
function queueOrder(x: SummaryRow, y: SummaryRow): number {
  // 'infinity' sorts after every digit: no due time, last.
  return (
    x.priority_rank - y.priority_rank || compare(x.sort_key, y.sort_key) || compare(x.created_key, y.created_key) || compare(x.id, y.id)
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Agents search by reference, IP, order number, customer or words. A query
 * that looks like one of the first three is matched exactly; any other goes
 * to the diacritics-insensitive full text and to the customer's name and
 * email. Each way of matching is its own indexed query.
 */
function searchMatches(raw: string): Match[] {
  const q = raw.trim();
  const upper = q.toUpperCase();
  if (TICKET_REFERENCE.test(upper)) return [(eb) => eb('t.reference', '=', upper)];
  // Only a real address reaches the ::inet cast; IP-shaped text that is none (999.999.999.999, 1:2:3) is searched as words.
  if ((IPV4.test(q) || IPV6.test(q)) && isIP(q) !== 0) {
    const ip = q.toLowerCase();
    return [
      () => sql<boolean>`t.incident -> 'ipAddresses' @> ${JSON.stringify([ip])}::jsonb`,
      (eb) => eb('t.service_id', 'in', serviceIdsByAddressSql(ip)),
    ];
  }
  const order = ORDER.exec(q)?.[1];
  if (order) {
    return [
      () => sql<boolean>`t.incident -> 'orderNumbers' @> ${JSON.stringify([order])}::jsonb`,
      (eb) => eb('t.service_id', 'in', serviceIdsByOrderNumberSql(order)),
    ];
  }
  // Each half of a reference is a word in the index (migration 0014); "T-7KQ2" would search for "t" as well.
  const text = REFERENCE_FIRST_HALF.test(upper) ? q.slice(2) : q;
  const inflected = inflectedWordsQuery(text);
  // The words as typed, or in another form: host names, addresses and versions ("mail.horvat.hr", "8.2.1") are one
  // word each in the index, which only the query as typed finds.
  const words = inflected
    ? sql`websearch_to_tsquery('centrala', ${text}) || to_tsquery('centrala', ${inflected})`
    : sql`websearch_to_tsquery('centrala', ${text})`;
  // The "T-" is often left out when a reference is read out; "spam-trap" has the same shape, so words are searched too.
  const reference = `T-${upper}`;
  return [
    () => sql<boolean>`t.search_vector @@ (${words})`,
    ...(TICKET_REFERENCE.test(reference) ? [(eb: Parameters<Match>[0]) => eb('t.reference', '=', reference)] : []),
    (eb) => eb('t.account_id', 'in', accountIdsMatchingSql(q)),
  ];
}

import type { QueueFilter, TicketDetail, TicketSummary } from '@centrala/contracts';
import { sql, type Kysely } from 'kysely';
import { contactHasAddressSql } from '../accounts/index.js';
import { userHasAddressSql } from '../auth/index.js';
import type { Database } from '../../db/schema.js';
import type { Reach } from './policies.js';
import { presentDetail, presentSummary, visibleTo, type Bouncing, type Viewer } from './presenters.js';
import { ticketsRepository, type ListFilter, type TicketDetailRow } from './repository.js';

/**
 * Tickets as each viewer sees them: the repository's rows, read for that viewer
 * and shaped by the presenters. What routes, the realtime gateway, canned
 * answers and intake read tickets through.
 */
export function ticketQueries(db: Kysely<Database>, deps: TicketQueriesDeps = {}) {
  const tickets = ticketsRepository(db);
  /** The requester's addresses that bounce hard (staff only): the ticket's email requester and its mails' senders. */
  async function bouncingOf(ticketId: string, detail: TicketDetail): Promise<Bouncing[] | undefined> {
    if (!deps.bouncingAddresses) return undefined;
    const row = await db.selectFrom('tickets').select('requester_email').where('id', '=', ticketId).executeTakeFirst();
    const addresses = new Set<string>();
    if (row?.requester_email) addresses.add(row.requester_email.toLowerCase());
    for (const m of detail.messages) {
      const from = m.authorType === 'customer' ? m.email?.from?.address : undefined;
      if (from) addresses.add(from.toLowerCase());
    }
    return addresses.size ? deps.bouncingAddresses([...addresses]) : [];
  }
  return {
    /** A ticket's summary as staff see it (summaryFor narrows it for a customer). */
    summary: async (id: string): Promise<TicketSummary | undefined> => {
      const row = await tickets.summary(id);
      return row && presentSummary(row, 'staff');
    },

    find: tickets.find,

    async detail(ticketId: string, viewer: Viewer): Promise<TicketDetail | undefined> {
      const row = await tickets.detail(ticketId, visibleTo(viewer));
      if (!row) return undefined;
      const detail = presentDetail(row, viewer);
      if (!visibleTo(viewer).emailMeta) return detail;
      const bouncing = await bouncingOf(ticketId, detail);
      return bouncing ? { ...detail, bouncing } : detail;
    },

    /** The detail as stored, before presenting: what intake answers with when an input it already processed comes again. */
    storedDetail(ticketId: string, viewer: Viewer): Promise<TicketDetailRow | undefined> {
      return tickets.detail(ticketId, visibleTo(viewer));
    },

    /** Whether the ticket exists: a signed reply address names one, which intake's threading follows only if it is there. */
    async exists(ticketId: string): Promise<boolean> {
      return (await db.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst()) !== undefined;
    },

    /**
     * The ticket with this reference, only if `address` (lower-case) takes part in it: its requester's address, one on
     * its CC, its requester user's, or an enabled contact's of its account. A `[T-…]` subject tag threads onto it
     * (intake's threading); a stranger quoting a reference gets no one's ticket.
     */
    async ofParticipant(reference: string, address: string): Promise<string | null> {
      const { rows } = await sql<{ id: string }>`
        select t.id from tickets t
        where t.reference = ${reference}
          and (lower(t.requester_email) = ${address}
               or ${address} = any(t.cc)
               or ${userHasAddressSql(sql.ref('t.requester_id'), address)}
               or ${contactHasAddressSql(sql.ref('t.account_id'), address)})
        limit 1`.execute(db);
      return rows[0]?.id ?? null;
    },

    /** An account's tickets, newest first: its customers' list, and staff's on the customer's page. */
    async forAccount(accountId: string, view: 'customer' | 'staff' = 'customer'): Promise<TicketSummary[]> {
      return (await tickets.forAccount(accountId)).map((r) => presentSummary(r, view));
    },

    /** The customer's other tickets beside `ticket`, as staff see them (issue 13 point 5). */
    async others(
      ticket: { id: string; account_id: string | null; requester_email: string | null },
      page: { cursor?: string | undefined; limit: number },
    ): Promise<{ tickets: TicketSummary[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await tickets.others(ticket, page);
      return { tickets: rows.map((r) => presentSummary(r, 'staff')), nextCursor };
    },

    highWaiting: tickets.highWaiting,

    async queue(filter: QueueFilter, me: string): Promise<{ tickets: TicketSummary[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await tickets.queue(filter, me);
      return { tickets: rows.map((r) => presentSummary(r, 'staff')), nextCursor };
    },

    /** The API's list: every status, the most recently updated first, as the API (staff side) sees them. */
    async list(filter: ListFilter): Promise<{ tickets: TicketSummary[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await tickets.list(filter);
      return { tickets: rows.map((r) => presentSummary(r, 'api')), nextCursor };
    },

    /** A file's row, if `viewer` may fetch it within `reach`. */
    attachment: (id: string, reach: Reach, viewer: Viewer) => tickets.attachment(id, reach, visibleTo(viewer)),
  };
}
export type TicketQueries = ReturnType<typeof ticketQueries>;

export interface TicketQueriesDeps {
  /**
   * Of these (lower-case) addresses, the ones that bounce hard and since when: the email module's read of its
   * email_senders table (issue 12 point 5, helper `parse`). Unset, the detail says nothing about bounces.
   */
  bouncingAddresses?: (addresses: string[]) => Promise<Bouncing[]>;
}

import type { QueueFilter, TicketDetail, TicketSummary } from '@centrala/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Reach } from './policies.js';
import { presentDetail, presentSummary, visibleTo, type Viewer } from './presenters.js';
import { ticketsRepository, type TicketDetailRow } from './repository.js';

/**
 * Tickets as each viewer sees them: the repository's rows, read for that viewer
 * and shaped by the presenters. What routes, the realtime gateway, canned
 * answers and intake read tickets through.
 */
export function ticketQueries(db: Kysely<Database>) {
  const tickets = ticketsRepository(db);
  return {
    /** A ticket's summary as staff see it (summaryFor narrows it for a customer). */
    summary: async (id: string): Promise<TicketSummary | undefined> => {
      const row = await tickets.summary(id);
      return row && presentSummary(row, 'staff');
    },

    find: tickets.find,

    async detail(ticketId: string, viewer: Viewer): Promise<TicketDetail | undefined> {
      const row = await tickets.detail(ticketId, visibleTo(viewer));
      return row && presentDetail(row, viewer);
    },

    /** The detail as stored, before presenting: what intake answers with when an input it already processed comes again. */
    storedDetail(ticketId: string, viewer: Viewer): Promise<TicketDetailRow | undefined> {
      return tickets.detail(ticketId, visibleTo(viewer));
    },

    async forAccount(accountId: string): Promise<TicketSummary[]> {
      return (await tickets.forAccount(accountId)).map((r) => presentSummary(r, 'customer'));
    },

    highWaiting: tickets.highWaiting,

    async queue(filter: QueueFilter, me: string): Promise<{ tickets: TicketSummary[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await tickets.queue(filter, me);
      return { tickets: rows.map((r) => presentSummary(r, 'staff')), nextCursor };
    },

    /** A file's row, if `viewer` may fetch it within `reach`. */
    attachment: (id: string, reach: Reach, viewer: Viewer) => tickets.attachment(id, reach, visibleTo(viewer)),
  };
}
export type TicketQueries = ReturnType<typeof ticketQueries>;

import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Outbox, ReplyAddresses, ThreadKeys } from '../email/index.js';
import type { TicketQueries } from '../tickets/index.js';

/**
 * Which ticket a mail continues (issue 12 point 3), in this order: our signed reply address (email verifies it);
 * In-Reply-To/References naming a mail of the ticket (one we received, in `inbound`, or one we sent, asked of the
 * email module's outbox); Outlook's Thread-Index root; the `[T-XXXX-XXXX]` subject reference, only when the sender
 * takes part in that ticket (tickets' `ofParticipant`): a stranger quoting a reference gets a new ticket.
 */
export function emailThreads(
  db: Db,
  reply: ReplyAddresses | null,
  outbox: Pick<Outbox, 'ticketOfSent'>,
  tickets: Pick<TicketQueries, 'exists' | 'ofParticipant'>,
) {
  return {
    async ticketOf(keys: ThreadKeys, from: string | null): Promise<string | null> {
      if (keys.replyToken && reply) {
        const id = reply.ticketOf(keys.replyToken);
        if (id && (await tickets.exists(id))) return id;
      }
      if (keys.messageIds.length) {
        const ids = keys.messageIds.slice(0, 50);
        const { rows } = await sql<{ ticket_id: string }>`
          select ticket_id from inbound
          where channel = 'email' and mail_message_id = any(${ids}::text[]) and ticket_id is not null
          order by array_position(${ids}::text[], mail_message_id)
          limit 1`.execute(db);
        if (rows[0]) return rows[0].ticket_id;
        const sent = await outbox.ticketOfSent(ids);
        if (sent) return sent;
      }
      if (keys.threadRoot) {
        const hit = await db
          .selectFrom('inbound')
          .select('ticket_id')
          .where('channel', '=', 'email')
          .where('thread_root', '=', keys.threadRoot)
          .where('ticket_id', 'is not', null)
          .orderBy('received_at')
          .executeTakeFirst();
        if (hit?.ticket_id) return hit.ticket_id;
      }
      if (keys.subjectReference && from) return tickets.ofParticipant(keys.subjectReference, from);
      return null;
    },
  };
}
export type EmailThreads = ReturnType<typeof emailThreads>;

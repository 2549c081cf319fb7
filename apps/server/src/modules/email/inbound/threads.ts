import { sql } from 'kysely';
import type { Db } from '../../../db/pool.js';
import { outboxIdOfMessageId } from '../outbox.js';
import type { ReplyAddresses } from '../reply-address.js';
import type { ThreadKeys } from '../parse/thread-keys.js';

/**
 * Which ticket a mail continues (issue 12 point 3), in this order: our signed reply address; In-Reply-To/References
 * naming a mail of the ticket (one we received, or once outbox_emails keeps Message-IDs, one we sent); Outlook's
 * Thread-Index root; the `[T-XXXX-XXXX]` subject reference, only when the sender takes part in that ticket (its
 * requester, a user of its account, an address on its CC): a stranger quoting a reference gets a new ticket.
 */
export function emailThreads(db: Db, reply: ReplyAddresses | null) {
  // outbox_emails keeps our Message-IDs from migration 0019 (outbound delivery) on: asked once whether it does yet.
  let outboxIds: Promise<boolean> | null = null;
  const hasOutboxIds = () =>
    (outboxIds ??= sql<{ n: number }>`
      select count(*)::int as n from information_schema.columns
      where table_schema = current_schema() and table_name = 'outbox_emails' and column_name in ('message_id', 'ticket_id')`
      .execute(db)
      .then((r) => r.rows[0]!.n === 2)
      .catch(() => {
        outboxIds = null;
        return false;
      }));
  return {
    async ticketOf(keys: ThreadKeys, from: string | null): Promise<string | null> {
      if (keys.replyToken && reply) {
        const id = reply.ticketOf(keys.replyToken);
        if (id && (await db.selectFrom('tickets').select('id').where('id', '=', id).executeTakeFirst())) return id;
      }
      if (keys.messageIds.length) {
        const ids = keys.messageIds.slice(0, 50);
        const { rows } = await sql<{ ticket_id: string }>`
          select ticket_id from inbound
          where channel = 'email' and mail_message_id = any(${ids}::text[]) and ticket_id is not null
          order by array_position(${ids}::text[], mail_message_id)
          limit 1`.execute(db);
        if (rows[0]) return rows[0].ticket_id;
        // Ours name their row by its id (outboxIdOfMessageId): found by the primary key.
        const ours = ids.map(outboxIdOfMessageId).filter((id) => id !== null);
        if (ours.length && (await hasOutboxIds())) {
          const sent = await sql<{ ticket_id: string }>`
            select ticket_id from outbox_emails
            where id = any(${ours}::uuid[]) and message_id = any(${ids}::text[]) and ticket_id is not null
            order by array_position(${ids}::text[], message_id)
            limit 1`.execute(db);
          if (sent.rows[0]) return sent.rows[0].ticket_id;
        }
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
      if (keys.subjectReference && from) {
        const { rows } = await sql<{ id: string }>`
          select t.id from tickets t
          where t.reference = ${keys.subjectReference}
            and (lower(t.requester_email) = ${from}
                 or ${from} = any(t.cc)
                 or exists (select 1 from users u where u.id = t.requester_id and lower(u.email) = ${from})
                 or exists (select 1 from users u where u.account_id = t.account_id and u.account_id is not null
                                                     and u.disabled_at is null and lower(u.email) = ${from}))
          limit 1`.execute(db);
        if (rows[0]) return rows[0].id;
      }
      return null;
    },
  };
}
export type EmailThreads = ReturnType<typeof emailThreads>;

import { sql } from 'kysely';
import { listener } from '../../events/index.js';
import type { MailIdentity } from '../email/index.js';
import { messageFiles } from '../tickets/index.js';
import { customerMails, recipientsOf } from './customer-mails.js';

/**
 * The customer's emails about their ticket, as listeners of its events: written to the outbox (drained by the email
 * module) in the transaction that opened or answered the ticket.
 */
export function customerMailListeners(publicUrl: string, identity?: MailIdentity) {
  const mails = customerMails(publicUrl, identity);
  return [
    // One insert for any number of tickets, so it joins the batched ticket write as a CTE of its one statement.
    listener({
      name: 'acknowledgement mail',
      handles: ['ticket.created'],
      rows(events) {
        // A ticket an agent opened promises nothing and is acknowledged by no one: the agent's own mail is its first.
        const out = events.flatMap((e) => (e.promise ? mails.acknowledged(e.recipients, e, e.promise) : []));
        // No mail to write (none asked for, or every sender past the acknowledgement cap): no insert at all, since the
        // outbox's statement trigger (migration 0019) woke every delivery loop for an insert of no rows, 3 queries each.
        if (!out.length) return sql`select where false`;
        // One parameter whatever the number of mails; the outbox's insert trigger threads each (migration 0019).
        return sql`insert into outbox_emails (id, to_address, subject, text_body, kind, message_id, ticket_id, reply_to, headers, "references",
                                   in_reply_to)
        select id, to_address, subject, text_body, kind, message_id, ticket_id, reply_to, headers, coalesce("references", '{}'), in_reply_to
          from jsonb_populate_recordset(null::outbox_emails, ${JSON.stringify(out.map((m) => ({ ...m, headers: JSON.parse(m.headers) as unknown })))}::jsonb)`;
      },
    }),
    // An agent's public reply goes to the customer (the message an agent opened a ticket with too); their own messages
    // and agents' notes do not.
    listener({
      name: 'agent reply mail',
      handles: ['ticket.replied'],
      async run(trx, events) {
        for (const e of events) {
          if (e.author !== 'agent' || e.internal) continue;
          // The reply's files go with it, read from the attachment store when the mail is sent.
          const attachments = await messageFiles(trx, e.messageId);
          const ticket = { ...e.ticket, ticketId: e.ticketId, opening: e.opening ?? false };
          for (const mail of mails.agentReplied(await recipientsOf(trx, e.ticket), ticket, e.body, attachments))
            await trx.insertInto('outbox_emails').values(mail).execute();
        }
      },
    }),
    // A duplicate merged into another ticket (issue 13 point 5): the customer is told once, in the target's thread.
    listener({
      name: 'merge mail',
      handles: ['ticket.merged'],
      async run(trx, events) {
        for (const e of events)
          for (const mail of mails.merged(await recipientsOf(trx, e.ticket), { ...e.ticket, ticketId: e.ticketId }, e.duplicate))
            await trx.insertInto('outbox_emails').values(mail).execute();
      },
    }),
  ];
}

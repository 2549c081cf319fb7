import { listener } from '../../events/index.js';
import { queueMails, queueMailsSql, type MailIdentity } from '../email/index.js';
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
        return queueMailsSql(out);
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
          await queueMails(trx, mails.agentReplied(await recipientsOf(trx, e.ticket), ticket, e.body, attachments));
        }
      },
    }),
    // A duplicate merged into another ticket (issue 13 point 5): the customer is told once, in the target's thread.
    listener({
      name: 'merge mail',
      handles: ['ticket.merged'],
      async run(trx, events) {
        for (const e of events)
          await queueMails(trx, mails.merged(await recipientsOf(trx, e.ticket), { ...e.ticket, ticketId: e.ticketId }, e.duplicate));
      },
    }),
  ];
}

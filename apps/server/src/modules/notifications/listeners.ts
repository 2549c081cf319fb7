import { sql } from 'kysely';
import { listener } from '../../events/index.js';
import { customerMails, recipientsOf } from './customer-mails.js';

/**
 * The customer's emails about their ticket, as listeners of its events: written to the outbox (drained by the email
 * module) in the transaction that opened or answered the ticket.
 */
export function customerMailListeners(publicUrl: string) {
  const mails = customerMails(publicUrl);
  return [
    // One insert for any number of tickets, so it joins the batched ticket write as a CTE of its one statement.
    listener({
      name: 'acknowledgement mail',
      handles: ['ticket.created'],
      rows(events) {
        const out = events.flatMap((e) => mails.acknowledged(e.recipients, e, e.promise));
        return sql`insert into outbox_emails (to_address, subject, text_body, kind)
        select * from unnest(${out.map((m) => m.to_address)}::text[], ${out.map((m) => m.subject)}::text[], ${out.map((m) => m.text_body)}::text[],
                             ${out.map((m) => m.kind)}::text[])`;
      },
    }),
    // An agent's public reply goes to the customer; their own messages and agents' notes do not.
    listener({
      name: 'agent reply mail',
      handles: ['ticket.replied'],
      async run(trx, events) {
        for (const e of events) {
          if (e.author !== 'agent' || e.internal) continue;
          for (const mail of mails.agentReplied(await recipientsOf(trx, e.ticket), e.ticket, e.body))
            await trx.insertInto('outbox_emails').values(mail).execute();
        }
      },
    }),
  ];
}

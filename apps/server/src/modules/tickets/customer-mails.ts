import type { LocalizedText } from '@centrala/contracts';
import { sql, type Expression, type Insertable, type Kysely } from 'kysely';
import type { Database, OutboxEmailsTable } from '../../db/schema.js';
import { outboxRow } from '../email/index.js';
import type { TicketRow } from './commands.js';

/**
 * The emails a customer gets about a ticket: to every Support address of the
 * account (R14), or the registered address when none is set, in the
 * requester's language. Never any account data beyond the ticket itself.
 */
export interface Recipients {
  addresses: string[];
  locale: 'hr' | 'en';
  /**
   * Whether they can follow the ticket in the client area: an account's people can; a requester known only by an
   * address (an accountless ticket, migration 0015) is answered at that address and sent no link they cannot open.
   */
  clientArea: boolean;
}

/**
 * The recipients of a ticket's emails as one JSON value, for a caller that
 * reads them inside a larger query (intake reads them with the account's
 * services, in the same round trip). An accountless ticket's requester is
 * answered at their own address (migration 0015).
 */
export function recipientsSql(
  accountId: string | null | Expression<string | null>,
  requesterId: string | null | Expression<string | null>,
  requesterEmail: string | null | Expression<string | null>,
) {
  const locale = sql`coalesce((select u.locale from users u where u.id = ${requesterId}), 'hr')`;
  return sql<Recipients>`coalesce(
    (select json_build_object(
      'addresses', coalesce((select array_agg(n.email order by n.email) from notification_addresses n where n.account_id = a.id and n.kind = 'support'), array[a.email]),
      'locale', ${locale}, 'clientArea', true)
     from accounts a where a.id = ${accountId}),
    json_build_object('addresses', array_remove(array[${requesterEmail}::text], null), 'locale', ${locale}, 'clientArea', false))`;
}

export function customerMails(publicUrl: string) {
  async function recipients(
    db: Kysely<Database>,
    ticket: Pick<TicketRow, 'account_id' | 'requester_id' | 'requester_email'>,
  ): Promise<Recipients> {
    const row = await db
      .selectNoFrom(recipientsSql(ticket.account_id, ticket.requester_id, ticket.requester_email).as('r'))
      .executeTakeFirstOrThrow();
    return row.r;
  }
  const link = (ticket: Pick<TicketRow, 'reference'>) => `${publicUrl}/client/tickets/${ticket.reference}`;

  return {
    acknowledged(
      { addresses, locale, clientArea }: Recipients,
      ticket: Pick<TicketRow, 'reference' | 'subject'>,
      /** The sla module's firstResponsePromise for the moment the ticket was filed. */
      promise: LocalizedText,
    ): Insertable<OutboxEmailsTable>[] {
      const subject = `[${ticket.reference}] ${ticket.subject}`;
      const follow =
        locale === 'hr'
          ? clientArea
            ? `Zahtjev pratite ovdje:\n${link(ticket)}\n`
            : 'Odgovorit ćemo vam na ovu adresu.\n'
          : clientArea
            ? `Follow it here:\n${link(ticket)}\n`
            : 'We will answer you at this address.\n';
      const body =
        locale === 'hr'
          ? `Zaprimili smo vaš zahtjev ${ticket.reference}: „${ticket.subject}”.\n\nPrvi odgovor možete očekivati ${promise.hr}. ${follow}`
          : `We have received your ticket ${ticket.reference}: "${ticket.subject}".\n\nExpect a first answer ${promise.en}. ${follow}`;
      return addresses.map((to) => outboxRow({ to, subject, text: body, kind: 'ticket_acknowledged' }));
    },

    async agentReplied(db: Kysely<Database>, ticket: TicketRow, reply: string): Promise<Insertable<OutboxEmailsTable>[]> {
      const { addresses, locale, clientArea } = await recipients(db, ticket);
      const subject = `[${ticket.reference}] Re: ${ticket.subject}`;
      const footer = !clientArea
        ? `\n\n—\n${ticket.reference}\n`
        : locale === 'hr'
          ? `\n\n—\nOdgovorite ili pratite zahtjev ovdje: ${link(ticket)}\n`
          : `\n\n—\nReply or follow the ticket here: ${link(ticket)}\n`;
      return addresses.map((to) => outboxRow({ to, subject, text: `${reply}${footer}`, kind: 'ticket_reply' }));
    },
  };
}

import type { LocalizedText } from '@centrala/contracts';
import { sql, type Expression, type Kysely } from 'kysely';
import type { Database, OutboxAttachment } from '../../db/schema.js';
import type { Recipients } from '../../events/index.js';
import { accountEmailSql } from '../accounts/index.js';
import { userLocaleSql } from '../auth/index.js';
import { isHeaderAddress, LOCAL_IDENTITY, outboxRow, type MailIdentity, type OutboxInsert } from '../email/index.js';

/** What a customer's mail names of its ticket; its id threads the mail (In-Reply-To, References, the signed Reply-To). */
type Ticket = {
  reference: string;
  subject: string;
  ticketId?: string;
  emailMessageId?: string | null | undefined;
  /** The requester names an account they are not verified for (R12): the cautious acknowledgement. */
  unverified?: boolean | undefined;
  /** An agent opened the ticket with this mail (issue 12 point 6): it starts the thread, no `Re:`. */
  opening?: boolean | undefined;
};

/**
 * The recipients of a ticket's emails as one JSON value, for a caller that
 * reads them inside a larger query (intake reads them with the account's
 * services, in the same round trip). An accountless ticket's requester is
 * answered at their own address (migration 0015). The account's address and
 * the requester's language are read with their owners' SQL (accounts, auth),
 * which renders the subqueries this statement had inline.
 */
export function recipientsSql(
  accountId: string | null | Expression<string | null>,
  requesterId: string | null | Expression<string | null>,
  requesterEmail: string | null | Expression<string | null>,
) {
  const locale = sql`coalesce(${userLocaleSql(requesterId)}, 'hr')`;
  return sql<Recipients>`coalesce(
    (select json_build_object(
      'addresses', coalesce((select array_agg(n.email order by n.email) from notification_addresses n where n.account_id = a.id and n.kind = 'support'), array[a.email]),
      'locale', ${locale}, 'clientArea', true)
     from ${accountEmailSql(accountId)} a),
    json_build_object('addresses', array_remove(array[${requesterEmail}::text], null), 'locale', ${locale}, 'clientArea', false))`;
}

/** The recipients of a ticket's emails, read inside the caller's transaction. */
export async function recipientsOf(
  db: Kysely<Database>,
  ticket: { accountId: string | null; requesterId: string | null; requesterEmail: string | null },
): Promise<Recipients> {
  const row = await db
    .selectNoFrom(recipientsSql(ticket.accountId, ticket.requesterId, ticket.requesterEmail).as('r'))
    .executeTakeFirstOrThrow();
  return row.r;
}

/**
 * The emails a customer gets about a ticket, to its recipients (R14), in the
 * requester's language. Never any account data beyond the ticket itself.
 */
/**
 * The recipients a mail can be written to. A mail's sender (an accountless ticket's requester) may be a valid SMTP
 * address our headers refuse (`a@[127.0.0.1]`): that one gets no mail, rather than its ticket (whose transaction
 * writes the mail) never being written, or an agent's reply failing.
 */
const mailable = (addresses: string[]) => addresses.filter(isHeaderAddress);

export function customerMails(publicUrl: string, identity: MailIdentity = LOCAL_IDENTITY) {
  const link = (ticket: Pick<Ticket, 'reference'>) => `${publicUrl}/client/tickets/${ticket.reference}`;

  return {
    acknowledged(
      { addresses, locale, clientArea }: Recipients,
      ticket: Ticket,
      /** The sla module's firstResponsePromise for the moment the ticket was filed. */
      promise: LocalizedText,
    ): OutboxInsert[] {
      const subject = `[${ticket.reference}] ${ticket.subject}`;
      const follow =
        locale === 'hr'
          ? clientArea
            ? `Zahtjev pratite ovdje:\n${link(ticket)}\n`
            : 'Odgovorit ćemo vam na ovu adresu.\n'
          : clientArea
            ? `Follow it here:\n${link(ticket)}\n`
            : 'We will answer you at this address.\n';
      const body = ticket.unverified
        ? unverifiedBody(locale, ticket, promise, link(ticket))
        : locale === 'hr'
          ? `Zaprimili smo vaš zahtjev ${ticket.reference}: „${ticket.subject}”.\n\nPrvi odgovor možete očekivati ${promise.hr}. ${follow}`
          : `We have received your ticket ${ticket.reference}: "${ticket.subject}".\n\nExpect a first answer ${promise.en}. ${follow}`;
      // Written by no person: Auto-Submitted keeps auto-responders from answering it (RFC 3834).
      return mailable(addresses).map((to) =>
        outboxRow(
          {
            to,
            subject,
            text: body,
            kind: 'ticket_acknowledged',
            ticketId: ticket.ticketId,
            automatic: true,
            // It answers the mail that opened the ticket, when one did.
            ...(ticket.emailMessageId ? { references: [ticket.emailMessageId] } : {}),
          },
          undefined,
          identity,
        ),
      );
    },

    agentReplied(
      { addresses, locale, clientArea }: Recipients,
      ticket: Ticket,
      reply: string,
      attachments: OutboxAttachment[] = [],
    ): OutboxInsert[] {
      const subject = ticket.opening ? `[${ticket.reference}] ${ticket.subject}` : `[${ticket.reference}] Re: ${ticket.subject}`;
      const footer = !clientArea
        ? `\n\n—\n${ticket.reference}\n`
        : locale === 'hr'
          ? `\n\n—\nOdgovorite ili pratite zahtjev ovdje: ${link(ticket)}\n`
          : `\n\n—\nReply or follow the ticket here: ${link(ticket)}\n`;
      return mailable(addresses).map((to) =>
        outboxRow(
          { to, subject, text: `${reply}${footer}`, kind: 'ticket_reply', ticketId: ticket.ticketId, attachments },
          undefined,
          identity,
        ),
      );
    },

    /** A duplicate of theirs was merged into this ticket: where the conversation goes on. Sent in the target's thread. */
    merged(
      { addresses, locale, clientArea }: Recipients,
      ticket: Ticket,
      duplicate: { reference: string; subject: string },
    ): OutboxInsert[] {
      const subject = `[${ticket.reference}] ${ticket.subject}`;
      const follow = clientArea
        ? locale === 'hr'
          ? `\nPratite ga ovdje:\n${link(ticket)}\n`
          : `\nFollow it here:\n${link(ticket)}\n`
        : '\n';
      const body =
        locale === 'hr'
          ? `Vaš zahtjev ${duplicate.reference} („${duplicate.subject}”) spojen je sa zahtjevom ${ticket.reference} („${ticket.subject}”), ` +
            `koji se bavi istim pitanjem. Sve poruke su sada ondje i razgovor se nastavlja u njemu.\n${follow}`
          : `Your ticket ${duplicate.reference} ("${duplicate.subject}") was merged into ticket ${ticket.reference} ("${ticket.subject}"), ` +
            `which is about the same matter. Every message is there now, and the conversation goes on in it.\n${follow}`;
      return mailable(addresses).map((to) =>
        outboxRow({ to, subject, text: body, kind: 'ticket_merged', ticketId: ticket.ticketId, automatic: true }, undefined, identity),
      );
    },
  };
}

/**
 * R12: the acknowledgement of a request that names an account its sender is not verified for (a registered address
 * whose mail did not pass DMARC: anyone can write that From). It answers general questions as any address is
 * answered (R11) but says nothing of the account, and asks for the client area or the registered address. It names
 * only what the sender wrote and the ticket's reference; the link opens only after signing in.
 */
function unverifiedBody(locale: 'hr' | 'en', ticket: Ticket, promise: LocalizedText, link: string): string {
  return locale === 'hr'
    ? `Zaprimili smo vašu poruku i otvorili zahtjev ${ticket.reference}: „${ticket.subject}”.\n\n` +
        'Nismo mogli potvrditi da je poslana s adrese registrirane uz vaš korisnički račun, pa e-poštom ne dajemo nikakve podatke o računu. ' +
        `Za pitanja o računu i uslugama prijavite se u korisničko sučelje i pratite zahtjev ondje:\n${link}\n` +
        'ili nam pišite s registrirane adrese.\n\n' +
        `Na opća pitanja odgovaramo i ovdje; prvi odgovor možete očekivati ${promise.hr}.\n`
    : `We have received your message and opened ticket ${ticket.reference}: "${ticket.subject}".\n\n` +
        'We could not verify that it was sent from the address registered with your account, so we give out nothing about the account by email. ' +
        `For questions about your account and services, sign in to the client area and follow the ticket there:\n${link}\n` +
        'or write to us from your registered address.\n\n' +
        `General questions are answered here too; expect a first answer ${promise.en}.\n`;
}

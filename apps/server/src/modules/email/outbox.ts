import type { OutboxEmail } from '@centrala/contracts';
import { sql, type Insertable, type Kysely } from 'kysely';
import { timeOrderedUuid } from '../../db/ids.js';
import type { Db } from '../../db/pool.js';
import type { Database, OutboxAttachment, OutboxEmailsTable } from '../../db/schema.js';
import { headerAddress, headerText } from './headers.js';
import type { ReplyAddresses } from './reply-address.js';
import type { MailSeal } from './seal.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** What the email is for, e.g. `password_reset`; lets admins filter the outbox. */
  kind: string;
  /**
   * A secret in `text` (a reset link): the stored body shows it hidden, and
   * the whole body is kept only sealed, for the relay.
   */
  secret?: string;
  /** The ticket it is about: threaded (In-Reply-To/References filled at insert), answered to its signed reply address. */
  ticketId?: string;
  /** Sent by no person (acknowledgements, resets): `Auto-Submitted: auto-replied`, so auto-responders stay silent (RFC 3834). */
  automatic?: boolean;
  /** Files of an agent's reply, read from the attachment store when sent. */
  attachments?: OutboxAttachment[];
  /**
   * The Message-IDs (no <>) it answers, when the writer knows them (an acknowledgement answers the mail that opened
   * the ticket). Unset: the insert trigger threads a ticket's mail after its earlier messages (migration 0019).
   */
  references?: string[];
}

/**
 * Who our mail is from, as every outbox row is made: the domain of its
 * Message-ID and VERP return path, and the signed reply address of a ticket.
 */
export interface MailIdentity {
  domain: string;
  /** `support+<token>@domain` for the ticket, or null when no reply mailbox is known. */
  replyTo(ticketId: string): string | null;
}

export function mailIdentity(domain: string, replyMailbox: string | null, addresses: ReplyAddresses | null): MailIdentity {
  return {
    domain,
    replyTo: (ticketId) => (replyMailbox && addresses ? addresses.addressFor(ticketId, replyMailbox) : null),
  };
}

/** An identity that names a domain and no reply address (tests, previews). */
export const LOCAL_IDENTITY: MailIdentity = mailIdentity('centrala.invalid', null, null);

/** A Message-ID as stored: no angle brackets, no spaces or line breaks a header could be made of. */
export function bareMessageId(id: string): string {
  return headerText(id)
    .replace(/^<|>$/g, '')
    .replace(/[\s<>]/g, '');
}

/** The VERP envelope sender of the outbox row `id`: a delivery-status notification comes back to it. */
export function returnPathFor(id: string, domain: string): string {
  return `bounces+${id.replaceAll('-', '')}@${domain}`;
}

/** The outbox row a bounce address `bounces+<token>@…` names, or null (for matching DSNs, issue 12 point 5). */
export function outboxIdOfReturnPath(address: string): string | null {
  const m = /^bounces\+([0-9a-f]{32})@/i.exec(address.trim());
  if (!m) return null;
  const h = m[1]!.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The outbox row our Message-ID (no <>) names, or null for one not ours: the part before its @ is the row's id
 * (outboxRow), so a Message-ID is found by the primary key (migration 0032).
 */
export function outboxIdOfMessageId(messageId: string): string | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@/i.exec(messageId);
  return m ? m[1]!.toLowerCase() : null;
}

export const HIDDEN_SECRET = '[hidden: sent by email only / skriveno: šalje se samo e-poštom]';

/**
 * The one place an outbox row is made, so every mail's headers are safe
 * (user text folded onto one line, addresses checked) and no secret is
 * stored readable. What the row's other fields give is not stored: the HTML
 * alternative and the VERP return path are made when the mail is sent
 * (outbound/delivery.ts; migration 0032).
 */
export function outboxRow(email: OutgoingEmail, seal?: MailSeal, identity: MailIdentity = LOCAL_IDENTITY): OutboxInsert {
  if (email.secret && !seal) throw new Error('a mail with a secret needs the sealing key');
  // Time-ordered, as ticket ids (db/ids.ts): the primary key, written by every ticket's statement (its
  // acknowledgement), grows at its right edge rather than at a random page.
  const id = timeOrderedUuid();
  const text = email.secret ? email.text.replaceAll(email.secret, HIDDEN_SECRET) : email.text;
  const replyTo = email.ticketId ? identity.replyTo(email.ticketId) : null;
  return {
    id,
    to_address: headerAddress(email.to),
    subject: headerText(email.subject),
    text_body: text,
    sealed_body: email.secret && seal ? seal.seal(email.text) : null,
    kind: email.kind,
    message_id: `${id}@${identity.domain}`,
    ticket_id: email.ticketId ?? null,
    reply_to: replyTo ? headerAddress(replyTo) : null,
    headers: JSON.stringify(email.automatic ? { 'Auto-Submitted': 'auto-replied' } : {}),
    attachments: JSON.stringify(email.attachments ?? []),
    ...(email.references?.length
      ? { references: email.references.map(bareMessageId), in_reply_to: bareMessageId(email.references.at(-1)!) }
      : {}),
  };
}

export type OutboxInsert = Insertable<OutboxEmailsTable> & {
  id: string;
  message_id: string;
  headers: string;
  attachments: string;
};

/**
 * Queues mails made by outboxRow in the caller's transaction (a listener of the event that asked for them): the
 * delivery loop sends them once it commits. The outbox's insert trigger threads each (migration 0019).
 */
export async function queueMails(trx: Kysely<Database>, rows: OutboxInsert[]): Promise<void> {
  if (rows.length) await trx.insertInto('outbox_emails').values(rows).execute();
}

/**
 * The same as one statement, for a writer that must stay one (the batched ticket write's acknowledgements join it as
 * a CTE): one parameter whatever the number of mails. None → no insert at all, since the outbox's statement trigger
 * (migration 0019) would wake every delivery loop for an insert of no rows, 3 queries each.
 */
export function queueMailsSql(rows: OutboxInsert[]) {
  if (!rows.length) return sql`select where false`;
  return sql`insert into outbox_emails (id, to_address, subject, text_body, kind, message_id, ticket_id, reply_to, headers, "references",
                               in_reply_to)
    select id, to_address, subject, text_body, kind, message_id, ticket_id, reply_to, headers, coalesce("references", '{}'), in_reply_to
      from jsonb_populate_recordset(null::outbox_emails, ${JSON.stringify(rows.map((m) => ({ ...m, headers: JSON.parse(m.headers) as unknown })))}::jsonb)`;
}

/**
 * Where the product's emails go: a row in the writer's transaction, the
 * durable queue the delivery loop (outbound/delivery.ts) sends from. With no
 * SMTP relay configured, the rows stay (the dev outbox) and admins read them,
 * secrets hidden.
 */
export function outbox(db: Db, seal: MailSeal, identity: MailIdentity = LOCAL_IDENTITY) {
  return {
    identity,
    /**
     * Whether a Message-ID (no <>) is one of the mails we sent: a delivery report is believed only for those, since
     * anyone can write a report that claims an address bounces (issue 12 point 5).
     */
    async sent(messageId: string | null): Promise<boolean> {
      const id = messageId && outboxIdOfMessageId(messageId);
      if (!id) return false;
      const row = await db
        .selectFrom('outbox_emails')
        .select('id')
        .where('id', '=', id)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row !== undefined;
    },
    /**
     * The ticket of the first of these Message-IDs (no <>, in the order given) that is a ticket's mail we sent: what a
     * reply's In-Reply-To/References name when it answers our mail (intake's threading).
     */
    async ticketOfSent(messageIds: string[]): Promise<string | null> {
      // Ours name their row by its id (outboxIdOfMessageId): found by the primary key.
      const ours = messageIds.map(outboxIdOfMessageId).filter((id) => id !== null);
      if (!ours.length) return null;
      const { rows } = await sql<{ ticket_id: string }>`
        select ticket_id from outbox_emails
        where id = any(${ours}::uuid[]) and message_id = any(${messageIds}::text[]) and ticket_id is not null
        order by array_position(${messageIds}::text[], message_id)
        limit 1`.execute(db);
      return rows[0]?.ticket_id ?? null;
    },
    /** Stores `email`, in the caller's transaction when given one; the delivery loop sends it once that commits. */
    async send(email: OutgoingEmail, executor: Kysely<Database> = db): Promise<void> {
      await executor
        .insertInto('outbox_emails')
        .values(outboxRow(email, seal, identity))
        .execute();
    },

    async recent(limit = 100): Promise<OutboxEmail[]> {
      const rows = await db
        .selectFrom('outbox_emails')
        .select([
          'id',
          'to_address',
          'subject',
          'text_body',
          'created_at',
          'state',
          'attempts',
          'last_error',
          'sent_at',
          'next_attempt_at',
          'message_id',
        ])
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body,
        createdAt: new Date(r.created_at).toISOString(),
        state: r.state,
        attempts: r.attempts,
        lastError: r.last_error,
        sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
        nextAttemptAt: r.state === 'queued' ? new Date(r.next_attempt_at).toISOString() : null,
        messageId: r.message_id,
      }));
    },
  };
}
export type Outbox = ReturnType<typeof outbox>;

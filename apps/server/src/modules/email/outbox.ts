import type { OutboxEmail } from '@centrala/contracts';
import type { Insertable, Kysely } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database, OutboxEmailsTable } from '../../db/schema.js';
import { headerAddress, headerText } from './headers.js';
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
}

export const HIDDEN_SECRET = '[hidden: sent by email only / skriveno: šalje se samo e-poštom]';

/**
 * The one place an outbox row is made, so every mail's headers are safe
 * (user text folded onto one line, addresses checked) and no secret is
 * stored readable.
 */
export function outboxRow(email: OutgoingEmail, seal?: MailSeal): Insertable<OutboxEmailsTable> {
  if (email.secret && !seal) throw new Error('a mail with a secret needs the sealing key');
  return {
    to_address: headerAddress(email.to),
    subject: headerText(email.subject),
    text_body: email.secret ? email.text.replaceAll(email.secret, HIDDEN_SECRET) : email.text,
    sealed_body: email.secret && seal ? seal.seal(email.text) : null,
    kind: email.kind,
  };
}

/**
 * Where the product's emails go. Until an SMTP relay is configured (the email
 * issue), they are kept in the database and shown to admins, secrets hidden.
 */
export function outbox(db: Db, seal: MailSeal) {
  return {
    /** Stores `email`, in the caller's transaction when given one. */
    async send(email: OutgoingEmail, executor: Kysely<Database> = db): Promise<void> {
      await executor.insertInto('outbox_emails').values(outboxRow(email, seal)).execute();
    },

    async recent(limit = 100): Promise<OutboxEmail[]> {
      const rows = await db
        .selectFrom('outbox_emails')
        .select(['id', 'to_address', 'subject', 'text_body', 'created_at'])
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body,
        createdAt: new Date(r.created_at).toISOString(),
      }));
    },
  };
}
export type Outbox = ReturnType<typeof outbox>;

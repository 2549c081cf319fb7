import type { OutboxEmail } from '@centrala/contracts';
import type { Db } from '../../db/pool.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** What the email is for, e.g. `password_reset`; lets admins filter the outbox. */
  kind: string;
}

/**
 * Where the product's emails go. Until an SMTP relay is configured (the email
 * issue), they are kept in the database and shown to admins.
 */
export function outbox(db: Db) {
  return {
    async send(email: OutgoingEmail): Promise<void> {
      await db
        .insertInto('outbox_emails')
        .values({ to_address: email.to, subject: email.subject, text_body: email.text, kind: email.kind })
        .execute();
    },

    async recent(limit = 100): Promise<OutboxEmail[]> {
      const rows = await db.selectFrom('outbox_emails').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
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

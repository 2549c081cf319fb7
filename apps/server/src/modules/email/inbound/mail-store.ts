/** How a mail reached us: the SMTP session's envelope, or where the IMAP poller found it. */
export type MailSource =
  | { kind: 'smtp'; mailFrom: string | null; rcptTo: string[]; remoteIp: string | null; helo: string | null }
  | { kind: 'imap'; mailboxId: string; uidValidity: string; uid: string };

/**
 * Where the SMTP receiver and the IMAP poller put a mail before answering for it: durable when `store` returns, and
 * the same mail stored twice answers the first one's id. Intake owns the table and implements it (its `inboundMail`);
 * the composition root hands it in, as email may not import intake.
 */
export interface MailStore {
  store(raw: Buffer, source: MailSource): Promise<{ id: string; duplicate: boolean }>;
}

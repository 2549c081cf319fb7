import type { AutoKind, MailAddress, MailVerification } from '@centrala/contracts';

/**
 * What the parse/ area's parseMail answers (the issue-12 contract's ParsedMail): the processing of stored mail is
 * written to it, so parseMail replaces the interim reading without a change here.
 */
export interface MailParsed {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  threadRoot: string | null;
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  deliveredTo: string[];
  date: Date | null;
  text: string;
  shownText: string;
  html: string | null;
  hasRemoteImages: boolean;
  attachments: { filename: string; contentType: string; content: Buffer; contentId: string | null; inline: boolean }[];
  headers: { name: string; value: string }[];
  autoKind: AutoKind;
  bounce: unknown;
  warnings: string[];
}
export type ParseMail = (raw: Buffer) => Promise<MailParsed>;
export type VerifyMail = (
  raw: Buffer,
  envelope: { mailFrom: string | null; remoteIp: string | null; helo: string | null },
) => Promise<MailVerification | null>;

/** The one decision whether a mail may get an automatic reply (acknowledgement): only a person's (issue 12 point 5). */
export const acknowledges = (autoKind: AutoKind): boolean => autoKind === 'human';

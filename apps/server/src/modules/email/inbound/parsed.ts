import type { MailVerification } from '@centrala/contracts';
import type { AutoKind } from '../parse/classify.js';
import type { MailEnvelope, ParsedMail } from '../parse/parse-mail.js';

/** parse/'s parseMail, as the processing of stored mail is handed it (injectable for tests). */
export type MailParsed = ParsedMail;
export type ParseMail = (raw: Buffer, envelope?: MailEnvelope) => Promise<ParsedMail>;
export type VerifyMail = (
  raw: Buffer,
  envelope: { mailFrom: string | null; remoteIp: string | null; helo: string | null },
) => Promise<MailVerification | null>;

/**
 * The one decision whether a mail may get an automatic reply (an acknowledgement): only a person's (issue 12 point 5).
 * Auto-replies, out-of-office, bounces, lists, bulk mail and feedback reports never do, so no two robots loop.
 */
export const acknowledges = (autoKind: AutoKind): boolean => autoKind === 'human';

import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail as MailparserMail } from 'mailparser';
import type { FeedbackReport } from '@centrala/contracts';
import { classify, messageIdOf, messageIdsOf, type AutoKind, type BounceReport } from './classify.js';
import { feedbackReport } from './feedback.js';
import { htmlDepth, MAX_HTML_DEPTH, sanitizeMailHtml } from './sanitize.js';
import { shownText } from './trim.js';

export type Address = { address: string; name: string };

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID without <>: what `cid:` references in the HTML point at. */
  contentId: string | null;
  inline: boolean;
}

export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Outlook's Thread-Index: its first 22 bytes (the thread's root), base64; the same for every mail of a thread. */
  threadRoot: string | null;
  subject: string;
  from: Address | null;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  deliveredTo: string[];
  date: Date | null;
  /** All of the text (from the HTML when the mail has no text part). */
  text: string;
  /** The text with quoted history and signature trimmed: what agents see as the message. */
  shownText: string;
  /** Sanitised HTML; remote images disabled (src → data-remote-src). */
  html: string | null;
  hasRemoteImages: boolean;
  attachments: MailAttachment[];
  headers: { name: string; value: string }[];
  autoKind: AutoKind;
  bounce: BounceReport | null;
  /** An ARF abuse report's fields (autoKind `feedback_report`). */
  feedback: FeedbackReport | null;
  /**
   * `unparseable` (nothing could be read: the raw source is the one attachment), `charset_unknown`, `truncated`
   * (a multipart without its closing boundary), `multipart_without_parts` (its boundary never appears: the body read as
   * plain text), `tnef_not_unpacked` (winmail.dat kept as it is), `html_truncated`, `html_too_deep` (not shown: the text
   * is), `no_body`.
   */
  warnings: string[];
}

/** What the SMTP envelope said, when the mail came by SMTP: a null MAIL FROM marks a delivery report or an auto-reply. */
export interface MailEnvelope {
  /** MAIL FROM was `<>` (true) or an address (false); absent when the mail did not come by SMTP (IMAP). */
  nullSender?: boolean;
}

const MAX_HEADERS = 1000;
/** HTML beyond this is cut before sanitising (a sanitised cut is still safe; the full text stays in `text`). */
const MAX_HTML = 1024 * 1024;
/**
 * Longest HTML mailparser turns into text (html-to-text). Its time grows with the square of some markup (a megabyte
 * of `<img>` took 13 s, blocking the whole process); beyond this the text is the HTML's words (`wordsOf`), read in
 * linear time. Real mail's HTML is mostly well under it.
 */
const MAX_HTML_TO_TEXT = 256 * 1024;

/**
 * Reads a raw mail (issue 12 point 3). Never throws and never rejects: hostile
 * or broken input gives what could be read and a warning; when nothing could,
 * the result says `unparseable` and carries the raw source as an attachment.
 */
export async function parseMail(raw: Buffer, envelope: MailEnvelope = {}): Promise<ParsedMail> {
  try {
    const mail = await simpleParser(raw, {
      keepCidLinks: true,
      keepDeliveryStatus: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      checksumAlgo: false,
      maxHtmlLengthToParse: MAX_HTML_TO_TEXT,
    });
    // Nothing that reads as a header field (garbage, a bare text): there is no mail to make sense of.
    if (!(mail.headerLines ?? []).some(({ key }) => FIELD_NAME.test(key))) return unparseable(raw);
    // Read once more, as text/plain (which is never read again).
    const plain = asPlainText(raw, mail);
    if (plain) {
      const again = await parseMail(plain, envelope);
      again.warnings.push('multipart_without_parts');
      return again;
    }
    const parsed = fromMailparser(mail, envelope);
    parsed.warnings.push(...rawWarnings(raw, mail));
    if (parsed.autoKind === 'feedback_report') parsed.feedback = await feedbackOf(mail, raw, parsed.subject);
    return storable(parsed);
  } catch {
    return unparseable(raw);
  }
}

/**
 * A multipart whose boundary never appears has no parts: the parser drops its whole body as the preamble, and with it
 * the text a person wrote (a script or an old client declared multipart and wrote plain text). Such a mail is read
 * again as the plain text it is: the same bytes with the top Content-Type made text/plain. Null for any other mail.
 */
function asPlainText(raw: Buffer, mail: MailparserMail): Buffer | null {
  const type = mail.headers?.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const boundary = type?.params?.boundary;
  if (!type?.value?.toLowerCase().startsWith('multipart/') || !boundary || raw.includes(`--${boundary}`)) return null;
  const text = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text)?.index ?? text.length;
  const head = text.slice(0, end).replace(CONTENT_TYPE_FIELD, 'Content-Type: text/plain');
  // A field this does not find is left as it was: then there is nothing to read again (and no loop).
  return head === text.slice(0, end) ? null : Buffer.from(head + text.slice(end), 'latin1');
}

/** A Content-Type header field with its folded lines, at the start of a line (the mail's or a part's). */
const CONTENT_TYPE_FIELD = /^content-type[ \t]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im;

function fromMailparser(mail: MailparserMail, envelope: MailEnvelope): ParsedMail {
  const warnings: string[] = [];
  const headers = (mail.headerLines ?? []).slice(0, MAX_HEADERS).map(({ key, line }) => {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : key;
    const value = (colon > 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    return { name, value };
  });
  const header = (name: string) => headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);

  const attachments: MailAttachment[] = [];
  let deliveryStatus: string | null = null;
  let originalHeaders: string | null = null;
  for (const part of mail.attachments ?? []) {
    const contentType = (part.contentType || 'application/octet-stream').toLowerCase();
    const content = Buffer.isBuffer(part.content) ? part.content : Buffer.alloc(0);
    if (contentType === 'message/delivery-status' || contentType === 'message/global-delivery-status') {
      deliveryStatus ??= content.toString('utf8');
    }
    if (contentType === 'message/rfc822' || contentType === 'text/rfc822-headers' || contentType === 'message/global') {
      originalHeaders ??= content.subarray(0, 64 * 1024).toString('utf8');
    }
    const filename = part.filename || defaultName(contentType);
    if (/^winmail\.dat$/i.test(filename) || contentType === 'application/ms-tnef') warnings.push('tnef_not_unpacked');
    attachments.push({
      filename,
      contentType,
      content,
      contentId: messageIdOf(part.contentId ?? null) ?? (part.cid || null),
      inline: part.contentDisposition === 'inline' || (!!part.related && !!part.contentId),
    });
  }

  const from = addresses(mail.from)[0] ?? null;
  const subject = typeof mail.subject === 'string' ? mail.subject : '';
  let html: string | null = null;
  let hasRemoteImages = false;
  if (typeof mail.html === 'string' && mail.html.trim()) {
    const source = mail.html.slice(0, MAX_HTML);
    if (mail.html.length > MAX_HTML) warnings.push('html_truncated');
    if (htmlDepth(source) > MAX_HTML_DEPTH) warnings.push('html_too_deep');
    else ({ html, hasRemoteImages } = sanitizeMailHtml(source));
  }
  let text = typeof mail.text === 'string' ? mail.text : '';
  // HTML the parser did not make into text (too long or too deep for it): its words, tags dropped.
  if (!text.trim() && typeof mail.html === 'string') text = wordsOf(mail.html.slice(0, MAX_HTML));
  if (!text.trim() && !html && !attachments.length) warnings.push('no_body');
  const contentType = mail.headers?.get('content-type');
  const { autoKind, bounce } = classify({
    header,
    contentType:
      contentType && typeof contentType === 'object' && 'value' in contentType && !Array.isArray(contentType)
        ? { value: String(contentType.value), params: { ...(contentType as { params?: Record<string, string> }).params } }
        : null,
    from: from?.address ?? null,
    subject,
    deliveryStatus,
    originalHeaders,
    text,
    nullEnvelope: envelope.nullSender,
  });

  return {
    messageId: messageIdOf(mail.messageId ?? null),
    inReplyTo: messageIdsOf(mail.inReplyTo)[0] ?? null,
    references: messageIdsOf(mail.references),
    threadRoot: threadRootOf(header('thread-index')[0]),
    subject,
    from,
    replyTo: addresses(mail.replyTo),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    deliveredTo: [...header('delivered-to'), ...header('x-original-to')]
      .map((value) => /<?([^\s<>]+@[^\s<>]+)>?/.exec(value)?.[1]?.toLowerCase())
      .filter((value): value is string => !!value),
    date: mail.date instanceof Date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text,
    shownText: shownText(text),
    html,
    hasRemoteImages,
    attachments,
    headers,
    autoKind,
    bounce,
    feedback: null,
    warnings,
  };
}

/**
 * The ARF report's fields and the reported message's headers: from its message/rfc822 (or text/rfc822-headers) part,
 * or, when the parser showed that part inline as text, from the raw source right after the part's own headers.
 */
async function feedbackOf(mail: MailparserMail, raw: Buffer, subject: string): Promise<FeedbackReport> {
  const part = (types: string[]) =>
    (mail.attachments ?? []).find((a) => types.includes((a.contentType || '').toLowerCase()) && Buffer.isBuffer(a.content))?.content;
  const report =
    part(['message/feedback-report'])
      ?.subarray(0, 64 * 1024)
      .toString('utf8') ?? '';
  let original =
    part(['message/rfc822', 'text/rfc822-headers', 'message/global'])
      ?.subarray(0, 64 * 1024)
      .toString('utf8') ?? null;
  if (!original) {
    const source = raw.subarray(0, 1024 * 1024).toString('latin1');
    const start = /^content-type:\s*(message\/rfc822|text\/rfc822-headers)[^\n]*\n(?:[^\r\n]+\r?\n)*\r?\n/im.exec(source);
    if (start) original = source.slice(start.index + start[0].length, start.index + start[0].length + 64 * 1024);
  }
  const feedback = await feedbackReport(report, original);
  // Hotmail's older complaints name the source only in their subject ("complaint about message from 192.0.2.1").
  feedback.sourceIp ??= /complaint about message from ([\d.]+|[\da-f:]+)\s*$/i.exec(subject)?.[1] ?? null;
  return feedback;
}

/**
 * Every string made fit for PostgreSQL text and jsonb, which refuse NUL and unpaired surrogates: a hostile mail
 * carrying them must not make storing it fail.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\ufffd') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)])) as T;
  }
  return value;
}

/**
 * The words of HTML, tags dropped. `[^<>]` and not `[^>]`: a tag ends at the next `<` too, so each match stops there
 * and the whole is read in linear time (`<!--` repeated, no `>`, made `/<[^>]*>/` quadratic: hours for a megabyte).
 */
function wordsOf(html: string): string {
  return html
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** What the parser mends silently: a charset it does not know (read as something else), a multipart cut off. */
function rawWarnings(raw: Buffer, mail: MailparserMail): string[] {
  const warnings: string[] = [];
  const source = raw.subarray(0, 1024 * 1024).toString('latin1');
  // Only the charsets the Content-Type fields name: a body's own words (an HTML <meta charset=3D"utf-8"> in
  // quoted-printable, a text about charsets) are no charset of the mail's.
  const charsets = [...source.matchAll(new RegExp(CONTENT_TYPE_FIELD.source, 'gim'))].flatMap((field) =>
    [...field[0].matchAll(/charset\s*=\s*"?([\w.:+-]{1,40})/gi)].map((match) => match[1]!),
  );
  for (const charset of charsets) {
    try {
      new TextDecoder(charset);
    } catch {
      warnings.push('charset_unknown');
      break;
    }
  }
  const type = mail.headers?.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const boundary = type?.params?.boundary;
  if (type?.value?.toLowerCase().startsWith('multipart/') && boundary && !raw.includes(`--${boundary}--`)) {
    warnings.push('truncated');
  }
  return warnings;
}

function addresses(value: AddressObject | AddressObject[] | undefined): Address[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((a) => (a.group ? flat(a.group) : [a]));
  return objects
    .flatMap((object) => flat(object.value ?? []))
    .filter((a) => typeof a.address === 'string' && a.address.includes('@'))
    .map((a) => ({ address: a.address!.trim(), name: (a.name ?? '').trim() }));
}

/** Outlook's Thread-Index: 22 bytes (a FILETIME and a GUID) for the thread, then 5 bytes per reply. */
export function threadRootOf(value: string | undefined): string | null {
  if (!value || !/^[A-Za-z0-9+/=\s]+$/.test(value)) return null;
  const bytes = Buffer.from(value.replace(/\s+/g, ''), 'base64');
  return bytes.length >= 22 ? bytes.subarray(0, 22).toString('base64') : null;
}

function defaultName(contentType: string): string {
  if (contentType === 'message/rfc822') return 'message.eml';
  if (contentType.includes('delivery-status')) return 'delivery-status.txt';
  if (contentType === 'message/feedback-report') return 'feedback-report.txt';
  if (contentType === 'text/rfc822-headers') return 'message-headers.txt';
  return 'attachment';
}

function unparseable(raw: Buffer): ParsedMail {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    threadRoot: null,
    subject: '',
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    deliveredTo: [],
    date: null,
    text: '',
    shownText: '',
    html: null,
    hasRemoteImages: false,
    attachments: [{ filename: 'message.eml', contentType: 'message/rfc822', content: raw, contentId: null, inline: false }],
    headers: [],
    autoKind: 'human',
    bounce: null,
    feedback: null,
    warnings: ['unparseable'],
  };
}

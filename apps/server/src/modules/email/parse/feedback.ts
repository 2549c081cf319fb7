import type { FeedbackReport } from '@centrala/contracts';
import { simpleParser } from 'mailparser';

/** Fields of a report are short; a longer value is cut (a hostile report must not fill the ticket's metadata). */
const FIELD_MAX = 500;
const LIST_MAX = 20;

/**
 * An ARF report (RFC 5965 section 3.1): the message/feedback-report part's fields, and the reported message's headers
 * (its message/rfc822 or text/rfc822-headers part, decoded). Never throws: what cannot be read is null.
 */
export async function feedbackReport(report: string, originalHeaders: string | null): Promise<FeedbackReport> {
  const fields = new Map<string, string[]>();
  for (const line of report
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')) {
    const match = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    const values = fields.get(name) ?? [];
    if (values.length < LIST_MAX) values.push(match[2]!.trim().slice(0, FIELD_MAX));
    fields.set(name, values);
  }
  const one = (name: string) => fields.get(name)?.[0] || null;
  const all = (name: string) => fields.get(name) ?? [];
  const incidents = Number.parseInt(one('incidents') ?? '', 10);
  return {
    feedbackType: one('feedback-type')?.toLowerCase() ?? null,
    userAgent: one('user-agent'),
    sourceIp: one('source-ip'),
    reportedDomain: one('reported-domain'),
    reportedUris: all('reported-uri'),
    originalMailFrom: bare(one('original-mail-from')),
    originalRcptTo: all('original-rcpt-to').map((a) => bare(a)!),
    arrivalDate: one('arrival-date') ?? one('received-date'),
    reportingMta: one('reporting-mta')?.replace(/^\s*[\w-]+\s*;\s*/, '') ?? null,
    incidents: Number.isSafeInteger(incidents) && incidents >= 0 ? incidents : null,
    original: await original(originalHeaders),
  };
}

/** `<a@b>` → a@b: an envelope address as the report wrote it, without its brackets. */
const bare = (value: string | null) => (value === null ? null : value.replace(/^\s*<\s*|\s*>\s*$/g, ''));

async function original(headers: string | null): Promise<FeedbackReport['original']> {
  if (!headers?.trim()) return null;
  try {
    // Only the header block: decoded (RFC 2047 words, folded lines) by the parser that reads the mail itself.
    const head = headers.replace(/\r\n?/g, '\n').split(/\n\s*\n/)[0]!;
    const mail = await simpleParser(Buffer.from(`${head}\n\n`), { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    const cut = (value: string | undefined | null) => (value ? value.slice(0, FIELD_MAX) : null);
    const found = {
      from: cut(mail.from?.text),
      to: cut(Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : mail.to?.text),
      subject: cut(mail.subject),
      messageId: cut(mail.messageId),
      date: mail.date instanceof Date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    };
    return Object.values(found).some((v) => v !== null) ? found : null;
  } catch {
    return null;
  }
}

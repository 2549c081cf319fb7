/**
 * What a mail is, beside a person writing (issue 12 point 5): none of these
 * gets an automatic reply, which is what keeps two autoresponders from
 * answering each other for ever. Bounces (RFC 3464 delivery status
 * notifications) give a report: the address that failed, how, and which of
 * our mails it was.
 */
export type AutoKind = 'human' | 'auto_reply' | 'bounce' | 'list' | 'bulk' | 'feedback_report';

export interface BounceReport {
  /** The address that failed (Final-Recipient, else Original-Recipient), lower-case. */
  recipient: string | null;
  /** failed | delayed | delivered | relayed | expanded (RFC 3464 Action). */
  action: string | null;
  /** The enhanced status code, e.g. 5.1.1. */
  status: string | null;
  /** A hard bounce: failed with a 5.x.x status (or no status at all). */
  permanent: boolean;
  diagnostic: string | null;
  reportingMta: string | null;
  /** The Message-ID (no <>) of the mail that bounced: one of ours when it was an answer. */
  originalMessageId: string | null;
}

export interface ClassifyInput {
  /** Header name (lower-case) → its values, as they came (unfolded). */
  header(name: string): string[];
  contentType: { value: string; params: Record<string, string> } | null;
  from: string | null;
  subject: string;
  /** The text of a message/delivery-status part, when there is one. */
  deliveryStatus: string | null;
  /** The headers of the returned message (message/rfc822 or text/rfc822-headers part), when there is one. */
  originalHeaders: string | null;
  /** The mail's text (its plain part, else its HTML's words): read for the bounces that carry no report. */
  text: string;
  /**
   * The SMTP envelope's MAIL FROM was null (`<>`; only delivery reports and auto-replies are sent so, RFC 5321 4.5.5),
   * or was not (false: a person's or a program's address); undefined when the envelope is not known (IMAP).
   */
  nullEnvelope?: boolean | undefined;
}

export function classify(m: ClassifyInput): { autoKind: AutoKind; bounce: BounceReport | null } {
  const type = m.contentType?.value.toLowerCase() ?? '';
  const reportType = (m.contentType?.params['report-type'] ?? '').toLowerCase();
  if (type === 'multipart/report' && reportType === 'feedback-report') return { autoKind: 'feedback_report', bounce: null };
  // Hotmail's older complaint format (JMRP): no report part, the complained-of mail attached, this subject.
  if (JMRP_SUBJECT.test(m.subject)) return { autoKind: 'feedback_report', bounce: null };
  if ((type === 'multipart/report' && reportType === 'delivery-status') || m.deliveryStatus) {
    return { autoKind: 'bounce', bounce: bounceReport(m.deliveryStatus ?? '', m.originalHeaders) };
  }
  const returnPath = m.header('return-path');
  // A Return-Path is the MAIL FROM the last MTA saw: a postmaster's own address there is a postmaster writing as
  // itself (as with its From, below), not the null sender of a delivery report.
  const nullSender =
    !!m.nullEnvelope || returnPath.some((value) => /^\s*<\s*(mailer-daemon\s*)?>\s*$/i.test(value) || DAEMON_FROM.test(value));
  const plain = plainBounce(m, nullSender);
  // A bounce without an RFC 3464 report (qmail, old Exim and Sendmail, Exchange): read from its text.
  if (plain === 'bounce') return { autoKind: 'bounce', bounce: plainBounceReport(m) };
  if (plain === 'machine') return { autoKind: 'auto_reply', bounce: null };

  const autoSubmitted = first(m.header('auto-submitted'));
  if (autoSubmitted && !/^\s*no\b/i.test(autoSubmitted)) return { autoKind: 'auto_reply', bounce: null };
  if (m.header('x-autoreply').length || m.header('x-autorespond').length || m.header('x-autoresponder').length) {
    return { autoKind: 'auto_reply', bounce: null };
  }
  const suppress = first(m.header('x-auto-response-suppress'));
  if (suppress && /\b(all|oof|autoreply)\b/i.test(suppress)) return { autoKind: 'auto_reply', bounce: null };
  const precedence = (first(m.header('precedence')) ?? '').trim().toLowerCase();
  if (precedence === 'auto_reply') return { autoKind: 'auto_reply', bounce: null };
  if (precedence === 'list' || m.header('list-id').length) return { autoKind: 'list', bounce: null };
  if (precedence === 'bulk' || precedence === 'junk' || m.header('list-unsubscribe').length) {
    return { autoKind: 'bulk', bounce: null };
  }
  if (nullSender) return { autoKind: 'auto_reply', bounce: null };
  if (isMailerDaemon(m.from)) return { autoKind: 'auto_reply', bounce: null };
  return { autoKind: 'human', bounce: null };
}

const JMRP_SUBJECT = /^\s*complaint about message from \S+\s*$/i;
const BOUNCE_SUBJECT =
  /(undeliver|not (yet )?(been )?delivered|delivery (status|failure|has failed|notification|warning)|returned mail|failure notice|mail delivery|could not be delivered|could not send message|non remis|nondeliverable|non-?delivery|delivery failed|mail (error|failed)|failed mail|returning (message )?to sender)/i;
/** A forward or a reply of a bounce is a person asking about it, never the bounce itself. */
const FORWARDED = /^\s*(re|aw|odg|fwd?|tr|wg|vs|sv|pd|proslijeđeno)\s*(\[\d+\])?\s*:/i;
/** What the known MTAs and gateways write when they return a mail without a delivery-status part. */
const BOUNCE_TEXT = new RegExp(
  [
    "wasn't able to deliver", // qmail
    'created (automatically|by mail delivery software)',
    'not yet been delivered',
    'following address\\(es\\) failed',
    'following addresses had permanent fatal errors', // Sendmail
    'transcript of session follows',
    'message still undelivered',
    'this is the (postfix program|mail system) at host', // Postfix
    'unable to deliver (the )?message to',
    'could not deliver (the )?message to',
    'delivery has failed to these recipients', // Exchange
    'did not reach (some or all of )?the (following|intended) recipient',
    'your message could not be delivered',
    'could not be delivered to (one or more of its|the following) recipients',
    'failed recipients?',
    'permanent(ly)? (fatal )?(delivery )?(error|failure)',
    'message was undeliverable',
    'the following recipients? (failed|could not be reached|were not reached)',
    'delivery to the following recipients? failed',
    'ha(s|ve) not been delivered',
    'can ?not be delivered to the following',
    'failed addresses follow',
  ].join('|'),
  'i',
);
/**
 * What a gateway or a postmaster writing as itself says when it returns a mail: a report addressed to the sender,
 * narrower than BOUNCE_TEXT, since a customer writing about their own undelivered mail must not match it.
 */
const GATEWAY_TEXT = new RegExp(
  [
    'could not be delivered to (one or more of its|the following) (recipients|addresses|user)',
    '(your|the following) (message|mail) (could not|cannot|can not) be delivered',
    'unable to deliver (the |your )?message to',
    'could not deliver (the |your )?message to',
    'did not reach (some or all of )?the (following|intended) recipient',
    'delivery has failed to these recipients',
    "wasn't able to deliver",
    'following address\\(es\\) failed',
    'following addresses had permanent fatal errors',
    'mail cannot be delivered to the following',
  ].join('|'),
  'i',
);
/** A From only delivery software uses; `postmaster` is not one of them: a person may write as the postmaster. */
const DAEMON_FROM = /(^|[<\s"])(mailer-daemon|mdaemon|mail\.?delivery\.?(system|subsystem)?)@/i;
const MAILER_DAEMON = /(^|[<\s"])(mailer-daemon|postmaster|mdaemon|mail\.?delivery\.?(system|subsystem)?)@/i;

function isMailerDaemon(from: string | null): boolean {
  return !!from && MAILER_DAEMON.test(from);
}

/** How much of a text is read for the signs of a bounce: the report comes first, the returned mail after it. */
const REPORT_CHARS = 8000;

/**
 * A bounce without a report, and how sure that is. `bounce` (no ticket, only its record) needs a sender only delivery
 * reports have: a null envelope or Return-Path, X-Failed-Recipients, or a mail daemon's From. A gateway or a postmaster writing as itself (an antivirus, an NDR robot) whose subject and
 * text both say so is `machine`: a ticket all the same, never acknowledged, so that a customer writing about their own
 * undelivered mail is never dropped (at worst not acknowledged).
 */
function plainBounce(m: ClassifyInput, nullSender: boolean): 'bounce' | 'machine' | null {
  if (FORWARDED.test(m.subject)) return null;
  const report = m.text.slice(0, REPORT_CHARS);
  const says = BOUNCE_SUBJECT.test(m.subject) || BOUNCE_TEXT.test(report);
  if (nullSender || m.header('x-failed-recipients').length > 0) return says ? 'bounce' : null;
  // Nobody writes as MAILER-DAEMON (even when an old MTA gave its report a reverse path, against RFC 5321 4.5.5).
  if (DAEMON_FROM.test(m.from ?? '')) return says ? 'bounce' : null;
  return BOUNCE_SUBJECT.test(m.subject) && GATEWAY_TEXT.test(report) ? 'machine' : null;
}

function first(values: string[]): string | undefined {
  return values[0];
}

/** RFC 3464: per-message fields, a blank line, per-recipient fields; the first failed recipient is the one reported. */
export function bounceReport(deliveryStatus: string, originalHeaders: string | null): BounceReport {
  const blocks = unfold(deliveryStatus)
    .split(/\n\s*\n/)
    .map(fields)
    .filter((block) => block.size > 0);
  const perMessage = blocks[0] ?? new Map<string, string>();
  const recipients = blocks.filter((block) => block.has('final-recipient') || block.has('original-recipient'));
  const chosen = recipients.find((block) => /^failed$/i.test(block.get('action') ?? '')) ?? recipients[0];
  const action = chosen?.get('action')?.toLowerCase() ?? null;
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(chosen?.get('status') ?? '')?.[1] ?? null;
  return {
    recipient: typedAddress(chosen?.get('final-recipient') ?? chosen?.get('original-recipient')),
    action,
    status,
    permanent: (action === null || action === 'failed') && (status === null || status.startsWith('5')),
    diagnostic:
      chosen
        ?.get('diagnostic-code')
        ?.replace(/^\s*[\w-]+\s*;\s*/, '')
        .slice(0, 1000) ?? null,
    reportingMta: perMessage.get('reporting-mta')?.replace(/^\s*[\w-]+\s*;\s*/, '') ?? null,
    originalMessageId: originalMessageId(originalHeaders),
  };
}

/** Where a returned mail's copy starts in a bounce's text: the report is what comes before. */
const COPY_MARK =
  /^.*(below this line is a copy|this is a copy of the message|original message follows|-{3,} ?original message|returned mail -|the header and top|unsent message below|message headers follow|text of the message follows).*$/im;

/** A bounce without an RFC 3464 report: what its text and X-Failed-Recipients say, as well as it can be read. */
export function plainBounceReport(m: Pick<ClassifyInput, 'header' | 'text' | 'originalHeaders'>): BounceReport {
  const mark = COPY_MARK.exec(m.text);
  const report = (mark ? m.text.slice(0, mark.index) : m.text).slice(0, REPORT_CHARS);
  const copy = mark ? m.text.slice(mark.index + mark[0].length) : '';
  const failed = m.header('x-failed-recipients')[0]?.split(',')[0]?.trim().toLowerCase();
  const candidates = [...report.matchAll(/<?([\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+)>?/g)].map((match) => match[1]!.toLowerCase());
  const recipient = failed?.includes('@') ? failed : (candidates.find((a) => !isMailerDaemon(a)) ?? null);
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(report);
  const reply = /(?:^|[\s:([])([45]\d\d)(?=[\s\-.,;:)\]]|$)/m.exec(report);
  const status = enhanced?.[1] ?? (reply ? `${reply[1]![0]}.0.0` : null);
  const transient = /(temporar|will (continue|keep) (to )?(be made|try)|delay|warning|not yet been delivered|will retry|retrying)/i.test(
    report,
  );
  const permanent = status ? status.startsWith('5') : !transient;
  const code = enhanced?.[1] ?? reply?.[1];
  const line = code ? report.split(/\r?\n/).find((l) => l.includes(code)) : undefined;
  return {
    recipient,
    action: permanent ? 'failed' : 'delayed',
    status,
    permanent,
    diagnostic: line ? line.trim().slice(0, 1000) : null,
    reportingMta: null,
    originalMessageId: originalMessageId(m.originalHeaders) ?? originalMessageId(copy.replace(/^\s+/, '')),
  };
}

function unfold(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
}

function fields(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.split('\n')) {
    const match = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (match && !map.has(match[1]!.toLowerCase())) map.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return map;
}

/** `rfc822; someone@example.com` → someone@example.com. */
function typedAddress(value: string | undefined): string | null {
  if (!value) return null;
  const address = value
    .replace(/^\s*[\w-]+\s*;\s*/, '')
    .replace(/[<>]/g, '')
    .trim();
  return address.includes('@') ? address.toLowerCase() : null;
}

function originalMessageId(headers: string | null): string | null {
  if (!headers) return null;
  const head = unfold(headers).split(/\n\s*\n/)[0] ?? '';
  const line = /^message-id\s*:\s*(.*)$/im.exec(head)?.[1];
  return line ? messageIdOf(line) : null;
}

/** `<abc@x>` → abc@x; null for nothing usable. */
export function messageIdOf(value: string | undefined | null): string | null {
  if (!value) return null;
  const bracketed = /<([^<>\s]+)>/.exec(value)?.[1];
  const id = bracketed ?? value.trim().split(/\s+/)[0] ?? '';
  return id && id.length <= 998 ? id : null;
}

/** Every bracketed id in a References or In-Reply-To value, in order. */
export function messageIdsOf(value: string | string[] | undefined | null): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = [...text.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  if (ids.length) return ids;
  return text.split(/[\s,]+/).filter((id) => id.includes('@'));
}

import type { ParsedMail } from './parse-mail.js';

export interface ThreadKeys {
  /** The token of a signed reply address (`local+token@our-domain`) the mail was sent to; verify it with replyAddresses().ticketOf. */
  replyToken: string | null;
  /** In-Reply-To, then References newest first: the mails it answers, nearest first. */
  messageIds: string[];
  threadRoot: string | null;
  /** `T-XXXX-XXXX` from `[T-XXXX-XXXX]` in the subject, upper-case. */
  subjectReference: string | null;
}

const SUBJECT_REFERENCE = /\[\s*(T-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4})\s*\]/i;

/**
 * What may tie a mail to a ticket (issue 12 point 3), strongest first: a signed
 * reply address, the ids of the mails it answers, Outlook's thread root, the
 * ticket reference in the subject. The caller decides which ones to trust.
 */
export function threadKeys(m: ParsedMail, ourDomains: string[]): ThreadKeys {
  const domains = new Set(ourDomains.map((domain) => domain.toLowerCase()));
  let replyToken: string | null = null;
  for (const address of [...m.to.map((a) => a.address), ...m.cc.map((a) => a.address), ...m.deliveredTo]) {
    const at = address.lastIndexOf('@');
    if (at < 0 || !domains.has(address.slice(at + 1).toLowerCase())) continue;
    const local = address.slice(0, at);
    const plus = local.lastIndexOf('+');
    if (plus > 0 && plus < local.length - 1) {
      replyToken = local.slice(plus + 1);
      break;
    }
  }
  const messageIds: string[] = [];
  for (const id of [...(m.inReplyTo ? [m.inReplyTo] : []), ...[...m.references].reverse()]) {
    if (!messageIds.includes(id)) messageIds.push(id);
  }
  const reference = SUBJECT_REFERENCE.exec(m.subject)?.[1];
  return {
    replyToken,
    messageIds,
    threadRoot: m.threadRoot,
    subjectReference: reference ? reference.toUpperCase() : null,
  };
}

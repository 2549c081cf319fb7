import { simpleParser } from 'mailparser';
import type { MailParsed } from './parsed.js';

/**
 * A plain reading of a mail with mailparser, used until the parse/ area's parseMail (the contract's) is wired in by
 * the composition root: no trimming, no sanitising, no classification. Never throws.
 */
export async function interimParseMail(raw: Buffer): Promise<MailParsed> {
  try {
    const m = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true });
    const list = (a: typeof m.to) =>
      (Array.isArray(a) ? a : a ? [a] : [])
        .flatMap((x) => x.value)
        .map((v) => ({ address: (v.address ?? '').toLowerCase(), name: v.name ?? '' }));
    const from = list(m.from)[0] ?? null;
    const refs = Array.isArray(m.references) ? m.references : m.references ? [m.references] : [];
    const text = m.text ?? '';
    return {
      messageId: m.messageId?.replace(/^<|>$/g, '') ?? null,
      inReplyTo: m.inReplyTo?.replace(/^<|>$/g, '') ?? null,
      references: refs.map((r) => r.replace(/^<|>$/g, '')),
      threadRoot: null,
      subject: m.subject ?? '',
      from: from && from.address ? from : null,
      replyTo: list(m.replyTo),
      to: list(m.to),
      cc: list(m.cc),
      deliveredTo: [],
      date: m.date ?? null,
      text,
      shownText: text,
      html: null,
      hasRemoteImages: false,
      attachments: m.attachments.map((a) => ({
        filename: a.filename ?? 'attachment',
        contentType: a.contentType,
        content: a.content,
        contentId: a.contentId ?? null,
        inline: a.contentDisposition === 'inline',
      })),
      headers: [],
      autoKind: 'human',
      bounce: null,
      warnings: [],
    };
  } catch {
    return unparseable();
  }
}

export function unparseable(): MailParsed {
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
    attachments: [],
    headers: [],
    autoKind: 'human',
    bounce: null,
    warnings: ['unparseable'],
  };
}

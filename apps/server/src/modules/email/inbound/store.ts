import { createHash } from 'node:crypto';
import { timeOrderedUuid } from '../../../db/ids.js';
import type { Db } from '../../../db/pool.js';

/** How a mail reached us: the SMTP session's envelope, or where the IMAP poller found it. */
export type MailSource =
  | { kind: 'smtp'; mailFrom: string | null; rcptTo: string[]; remoteIp: string | null; helo: string | null }
  | { kind: 'imap'; mailboxId: string; uidValidity: string; uid: string };

/** Header fields read before parsing: enough to recognise the same mail delivered twice, and its thread. */
export interface RawKeys {
  messageId: string | null;
  threadRoot: string | null;
  sha256: string;
  /** `mid:<Message-ID>`, else `sha:<sha256>`: the (channel, source_id) key that keeps a mail one row. */
  sourceId: string;
}

/** Headers end at the first empty line; a mail without one is all headers. Read at most this much of them. */
const MAX_HEADER_BYTES = 256 * 1024;

/** The header block, unfolded, as `name: value` lines. Cheap and lenient: the full parse comes later. */
function headerLines(raw: Buffer): string[] {
  const head = raw.subarray(0, MAX_HEADER_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end < 0 ? head : head.slice(0, end);
  return block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

function header(lines: string[], name: string): string | null {
  const prefix = `${name.toLowerCase()}:`;
  const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
  return line === undefined ? null : line.slice(prefix.length).trim();
}

/** Message-ID without its angle brackets; null when absent or not one. Bounded: a key, not a text. */
export function messageIdOf(value: string | null): string | null {
  if (!value) return null;
  const m = /<([^<>\s]{1,900})>/.exec(value) ?? /^([^<>\s]{1,900}@[^<>\s]{1,900})$/.exec(value);
  return m ? m[1]!.slice(0, 900) : null;
}

/** Outlook's Thread-Index: its first 22 bytes (a FILETIME and the thread's GUID) name the thread, base64. */
export function threadRootOf(value: string | null): string | null {
  if (!value) return null;
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(clean)) return null;
  const bytes = Buffer.from(clean, 'base64');
  return bytes.length >= 22 ? bytes.subarray(0, 22).toString('base64') : null;
}

export function rawKeys(raw: Buffer): RawKeys {
  const lines = headerLines(raw);
  const messageId = messageIdOf(header(lines, 'message-id'));
  const sha256 = createHash('sha256').update(raw).digest('hex');
  return {
    messageId,
    threadRoot: threadRootOf(header(lines, 'thread-index')),
    sha256,
    sourceId: messageId ? `mid:${messageId}` : `sha:${sha256}`,
  };
}

/**
 * The one place a received mail is written (issue 12 point 2): one insert, durable when it returns, before the
 * sender is answered `250` or the IMAP message is moved. The same mail stored twice (an SMTP retry, by SMTP and
 * IMAP, a restarted poller) meets the (channel, source_id) key and answers the first row's id.
 */
export function inboundMail(db: Db) {
  return {
    async store(raw: Buffer, source: MailSource): Promise<{ id: string; duplicate: boolean }> {
      const keys = rawKeys(raw);
      const inserted = await db
        .insertInto('inbound')
        .values({
          id: timeOrderedUuid(),
          channel: 'email',
          source_id: keys.sourceId,
          payload: JSON.stringify({ size: raw.length }),
          raw,
          sha256: keys.sha256,
          mail_message_id: keys.messageId,
          thread_root: keys.threadRoot,
          source: JSON.stringify(source),
        })
        .onConflict((oc) => oc.columns(['channel', 'source_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { id: inserted.id, duplicate: false };
      const first = await db
        .selectFrom('inbound')
        .select('id')
        .where('channel', '=', 'email')
        .where('source_id', '=', keys.sourceId)
        .executeTakeFirstOrThrow();
      return { id: first.id, duplicate: true };
    },
  };
}
export type InboundMail = ReturnType<typeof inboundMail>;

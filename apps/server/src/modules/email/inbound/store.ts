import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { batched } from '../../../db/batched.js';
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

/**
 * Message-ID without its angle brackets; null when absent or not one. Bounded: a key, not a text. Read as the parser
 * reads it, so that a reply's In-Reply-To (parsed) finds it: 8-bit bytes as UTF-8 when they are (RFC 6532), and a
 * NUL, which PostgreSQL text refuses (the insert, and so the mail, would fail with 451 on every retry), as U+FFFD.
 */
export function messageIdOf(value: string | null): string | null {
  if (!value) return null;
  const m = /<([^<>\s]{1,900})>/.exec(value) ?? /^([^<>\s]{1,900}@[^<>\s]{1,900})$/.exec(value);
  if (!m) return null;
  const bytes = Buffer.from(m[1]!, 'latin1');
  return (isUtf8(bytes) ? bytes.toString('utf8') : m[1]!).replaceAll('\u0000', '\ufffd').slice(0, 900);
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

/** Mails stored at the same moment (several SMTP sessions, a poller's fetch) share one insert and one commit. */
const STORE_BATCH = 32;

/**
 * The one place a received mail is written (issue 12 point 2): one insert, durable when it returns, before the
 * sender is answered `250` or the IMAP message is moved. The same mail stored twice (an SMTP retry, by SMTP and
 * IMAP, a restarted poller, two sessions at once) meets the (channel, source_id) key and answers the first row's id.
 */
export function inboundMail(db: Db) {
  const insert = batched(
    async (mails: { raw: Buffer; source: MailSource; keys: RawKeys }[]): Promise<{ id: string; duplicate: boolean }[]> => {
      const inserted = await db
        .insertInto('inbound')
        .values(
          mails.map(({ raw, source, keys }) => ({
            id: timeOrderedUuid(),
            channel: 'email',
            source_id: keys.sourceId,
            payload: JSON.stringify({ size: raw.length }),
            raw,
            sha256: keys.sha256,
            mail_message_id: keys.messageId,
            thread_root: keys.threadRoot,
            source: JSON.stringify(source),
          })),
        )
        .onConflict((oc) => oc.columns(['channel', 'source_id']).doNothing())
        .returning(['id', 'source_id'])
        .execute();
      const fresh = new Map(inserted.map((r) => [r.source_id, r.id]));
      const missing = [...new Set(mails.map((m) => m.keys.sourceId).filter((k) => !fresh.has(k)))];
      const earlier = missing.length
        ? new Map(
            (
              await db
                .selectFrom('inbound')
                .select(['id', 'source_id'])
                .where('channel', '=', 'email')
                .where('source_id', 'in', missing)
                .execute()
            ).map((r) => [r.source_id, r.id]),
          )
        : new Map<string, string>();
      // Within one batch the same mail twice: the first is the new row, the others its duplicates.
      const answered = new Set<string>();
      return mails.map(({ keys }) => {
        const id = fresh.get(keys.sourceId);
        if (id !== undefined && !answered.has(keys.sourceId)) {
          answered.add(keys.sourceId);
          return { id, duplicate: false };
        }
        const first = id ?? earlier.get(keys.sourceId);
        if (first === undefined) throw new Error('a stored mail vanished');
        return { id: first, duplicate: true };
      });
    },
    { maxBatch: STORE_BATCH, maxInFlight: 4 },
  );
  return {
    async store(raw: Buffer, source: MailSource): Promise<{ id: string; duplicate: boolean }> {
      return insert({ raw, source, keys: rawKeys(raw) });
    },
  };
}
export type InboundMail = ReturnType<typeof inboundMail>;

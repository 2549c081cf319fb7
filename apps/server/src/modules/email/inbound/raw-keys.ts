import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';

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

/** A raw mail's keys, read from its header block alone: what intake's store files it under before any parse. */
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

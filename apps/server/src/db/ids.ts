import { randomBytes } from 'node:crypto';

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random
 * bits. Rows keyed by it are appended at the right edge of their primary-key
 * index, where random (version 4) keys land on any of its pages: at a million
 * tickets that is a page read and, after each checkpoint, a full-page image
 * per insert (issue 9, bench `tickets_created_per_s_at_scale`). 74 random bits
 * keep an id unguessable; the time it shows is the row's creation time.
 */
export function timeOrderedUuid(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a client's text is a UUID, checked before it reaches a `uuid` column (PostgreSQL would answer 500 otherwise). */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../db/ids.js';

/**
 * Signed reply addresses (issue 12 point 3): `support+<token>@x.hr`, where the
 * token carries the ticket's id and an HMAC of it under the server key, so a
 * reply finds its ticket even when the subject and the Message-IDs are gone,
 * and nobody can make up an address that files mail into someone else's ticket.
 *
 * The token is lower-case base32 (RFC 4648 alphabet, no padding): some MTAs
 * fold the local part's case, and base32 survives that; 16 bytes of id and
 * 10 bytes (80 bits) of MAC make 42 characters, `support+` and the token stay
 * under the 64 a local part may have.
 */
export interface ReplyAddresses {
  /** `support@x.hr` → `support+<token>@x.hr` for this ticket. */
  addressFor(ticketId: string, mailbox: string): string;
  /** The ticket a token names, or null when it is malformed or its MAC does not verify. */
  ticketOf(token: string): string | null;
}
const ID_BYTES = 16;
const MAC_BYTES = 10;
const TOKEN_CHARS = Math.ceil(((ID_BYTES + MAC_BYTES) * 8) / 5);
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function replyAddresses(key: Buffer): ReplyAddresses {
  const mac = (id: Buffer) => createHmac('sha256', key).update('centrala reply address v1\0').update(id).digest().subarray(0, MAC_BYTES);

  return {
    addressFor(ticketId, mailbox) {
      if (!isUuid(ticketId)) throw new Error(`not a ticket id: ${JSON.stringify(ticketId)}`);
      const at = mailbox.lastIndexOf('@');
      if (at <= 0 || at === mailbox.length - 1) throw new Error(`not a mailbox: ${JSON.stringify(mailbox)}`);
      const id = Buffer.from(ticketId.replace(/-/g, ''), 'hex');
      const token = base32(Buffer.concat([id, mac(id)]));
      return `${mailbox.slice(0, at)}+${token}${mailbox.slice(at)}`;
    },
    ticketOf(token) {
      if (typeof token !== 'string' || token.length !== TOKEN_CHARS) return null;
      const bytes = unbase32(token.toLowerCase());
      if (!bytes || bytes.length !== ID_BYTES + MAC_BYTES) return null;
      const id = bytes.subarray(0, ID_BYTES);
      if (!timingSafeEqual(bytes.subarray(ID_BYTES), mac(id))) return null;
      const hex = id.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes lower-case base32; null on a character outside the alphabet or non-zero padding bits (one token, one spelling). */
function unbase32(text: string): Buffer | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  if (value !== 0) return null;
  return Buffer.from(out);
}

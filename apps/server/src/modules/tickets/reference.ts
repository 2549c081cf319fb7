import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L or U: references are read out over the phone and typed by hand.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ticket reference such as `T-7KQ2-M9XD`: 30^8 (6·10^11) random values, so
 * guessing one is hopeless, and letters plus a prefix, so it is never read as
 * a six-digit order number (#123456).
 */
export function newTicketReference(): string {
  const pick = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `T-${pick()}-${pick()}`;
}

export const TICKET_REFERENCE = /^T-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;

/** The first half of a reference with its prefix, as read out before the rest: `T-7KQ2`. */
export const REFERENCE_FIRST_HALF = /^T-[2-9A-HJKMNP-TV-Z]{4}$/;

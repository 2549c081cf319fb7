import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database } from '../../db/schema.js';
import { tokenHash } from './secrets.js';

/** How many codes a user is given at a time. */
export const RECOVERY_CODES = 10;
// No 0/o, 1/l/i: a code copied by hand from paper must not be misread.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 16;

/** A new code, shown grouped by four (`k7mq-2xha-…`); 16 characters of 31 are ~79 random bits. */
function newCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]!).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The code as stored and compared: without its groups, in lower case (the contract's RecoveryCode does the same). */
const normalised = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

/**
 * Recovery codes stand in for a TOTP code at sign-in when the authenticator
 * is lost, each once. Only their sha256 is stored: high-entropy random codes
 * need no slow hash, and a leaked table yields no usable code.
 */
export function recoveryCodes(db: Db) {
  return {
    /** Voids the user's codes and makes RECOVERY_CODES new ones; answers them, the only time they are seen. */
    async replace(userId: string, trx: Kysely<Database> = db): Promise<string[]> {
      const codes = Array.from({ length: RECOVERY_CODES }, newCode);
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('recovery_codes')
        .values(codes.map((code) => ({ user_id: userId, code_hash: tokenHash(normalised(code)) })))
        .execute();
      return codes;
    },

    /** Takes an unused code of the user's; false when it is not one (or was used, also by a concurrent sign-in). */
    async use(userId: string, code: string): Promise<boolean> {
      const taken = await db
        .updateTable('recovery_codes')
        .set({ used_at: new Date() })
        .where('user_id', '=', userId)
        .where('code_hash', '=', tokenHash(normalised(code)))
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return taken.numUpdatedRows === 1n;
    },

    async remaining(userId: string): Promise<number> {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async removeAll(userId: string): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    },
  };
}
export type RecoveryCodes = ReturnType<typeof recoveryCodes>;

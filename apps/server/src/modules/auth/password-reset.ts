import type { Db } from '../../db/pool.js';
import type { DomainEvents } from '../../events/index.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import type { Outbox } from '../email/index.js';
import { replacePassword } from './password-change.js';
import { hashPassword, newToken, tokenHash } from './secrets.js';

const LINK_LIFETIME_MS = 60 * 60_000;
/** Links sent to one account per hour at most; further requests do nothing (and answer the same). */
export const RESETS_PER_HOUR = 3;

/**
 * Password reset by an emailed one-time link. Asking never reveals whether
 * the address is registered (the route answers before this work, so not even
 * by its time); using the link ends every session of the user, and any change
 * of the password voids every link still outstanding (a trigger on users).
 */
export function passwordReset(db: Db, mail: Outbox, publicUrl: string, events: DomainEvents) {
  return {
    /** Mails a link to `email` if it is an enabled user's with fewer than RESETS_PER_HOUR links in the last hour. */
    async request(email: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        // Locked: concurrent requests for one account take their turn, so the limit holds.
        const user = await trx
          .selectFrom('users')
          .select(['id', 'email', 'name', 'locale'])
          .where('email', '=', email.toLowerCase())
          .where('disabled_at', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        if (!user) return;
        const recent = await trx
          .selectFrom('password_resets')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('user_id', '=', user.id)
          .where('created_at', '>', new Date(Date.now() - 60 * 60_000))
          .executeTakeFirstOrThrow();
        if (Number(recent.n) >= RESETS_PER_HOUR) return;
        const token = newToken();
        await trx
          .insertInto('password_resets')
          .values({ token_hash: tokenHash(token), user_id: user.id, expires_at: new Date(Date.now() + LINK_LIFETIME_MS) })
          .execute();
        const link = `${publicUrl}/reset-password?token=${token}`;
        await mail.send(
          { to: user.email, kind: 'password_reset', ...resetEmail(user.locale, user.name, link), secret: link, automatic: true },
          trx,
        );
      });
    },

    async confirm(token: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const reset = await trx
          .updateTable('password_resets')
          .set({ used_at: new Date() })
          .where('token_hash', '=', tokenHash(token))
          .where('used_at', 'is', null)
          .where('expires_at', '>', new Date())
          .returning('user_id')
          .executeTakeFirst();
        if (!reset) throw invalidLink();
        await replacePassword(trx, events, reset.user_id, passwordHash);
      });
    },
  };
}
export type PasswordReset = ReturnType<typeof passwordReset>;

/**
 * Sets the password of the user with `email` (the `set-password` command) and
 * ends their sessions. Answers false when there is no such user.
 */
export async function setPasswordOf(db: Db, events: DomainEvents, email: string, passwordHash: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
    if (user) await replacePassword(trx, events, user.id, passwordHash);
    return user !== undefined;
  });
}

const invalidLink = () =>
  new AppError(
    'auth.reset_link_invalid',
    text('This link is not valid or has expired. Ask for a new one.', 'Poveznica nije valjana ili je istekla. Zatražite novu.'),
  );

function resetEmail(locale: 'hr' | 'en', name: string, link: string): { subject: string; text: string } {
  return locale === 'hr'
    ? {
        subject: 'Postavljanje nove lozinke',
        text: `Pozdrav ${name},\n\nza postavljanje nove lozinke otvorite ovu poveznicu (vrijedi 1 sat):\n${link}\n\nAko niste tražili novu lozinku, zanemarite ovu poruku.\n`,
      }
    : {
        subject: 'Set a new password',
        text: `Hello ${name},\n\nto set a new password, open this link (valid for 1 hour):\n${link}\n\nIf you did not ask for a new password, ignore this email.\n`,
      };
}

import type { Db } from '../../db/pool.js';
import { AppError, text } from '../../http/errors.js';
import { publish } from '../realtime/bus.js';
import type { Outbox } from '../email/index.js';
import { hashPassword, newToken, tokenHash } from './secrets.js';

const LINK_LIFETIME_MS = 60 * 60_000;

/**
 * Password reset by an emailed one-time link. Asking never reveals whether
 * the address is registered; using the link ends every session of the user.
 */
export function passwordReset(db: Db, mail: Outbox, publicUrl: string) {
  return {
    async request(email: string): Promise<void> {
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'locale'])
        .where('email', '=', email)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!user) return;
      const token = newToken();
      await db
        .insertInto('password_resets')
        .values({ token_hash: tokenHash(token), user_id: user.id, expires_at: new Date(Date.now() + LINK_LIFETIME_MS) })
        .execute();
      const link = `${publicUrl}/reset-password?token=${token}`;
      await mail.send({ to: user.email, kind: 'password_reset', ...resetEmail(user.locale, user.name, link) });
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
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
          .where('id', '=', reset.user_id)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
        await publish(trx, { type: 'user:changed', userId: reset.user_id });
      });
    },
  };
}
export type PasswordReset = ReturnType<typeof passwordReset>;

const invalidLink = () =>
  new AppError(
    400,
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

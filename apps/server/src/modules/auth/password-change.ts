import type { Kysely } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database } from '../../db/schema.js';
import type { DomainEvents } from '../../events/index.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import type { LoginGuard } from './login-guard.js';
import { hashPassword, verifyPassword } from './secrets.js';

/**
 * A signed-in user changes their own password. The current one is asked
 * again (a session left open must not be enough to take the account), and a
 * wrong one is counted by the login guard like a failed login, so an open
 * session cannot be used to guess it faster than the login form allows.
 */
export function passwordChange(db: Db, guard: LoginGuard, events: DomainEvents) {
  /** Throws `auth.current_password_wrong` (field `field`) unless `password` is the user's and their network is not locked out. */
  const checkCurrent = async (who: { userId: string; email: string; client: string }, password: string, field: string) => {
    const [user, locked] = await Promise.all([
      db.selectFrom('users').select('password_hash').where('id', '=', who.userId).executeTakeFirstOrThrow(),
      guard.isLocked(who.email, who.client),
    ]);
    if (!(await verifyPassword(user.password_hash, password)) || locked) {
      await guard.recordFailure(who.email, who.client);
      throw wrongCurrentPassword(field);
    }
    return user.password_hash;
  };

  return {
    checkCurrent,

    async change(
      who: { userId: string; email: string; sessionId: string; client: string },
      currentPassword: string,
      newPassword: string,
    ): Promise<void> {
      const currentHash = await checkCurrent(who, currentPassword, 'currentPassword');
      if (await verifyPassword(currentHash, newPassword)) throw unchanged();
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute((trx) => replacePassword(trx, events, who.userId, passwordHash, who.sessionId));
    },
  };
}
export type PasswordChange = ReturnType<typeof passwordChange>;

/**
 * Sets a new password: every session of the user ends but `keepSessionId`
 * (the one that changed it), a required change is done, and the users
 * trigger voids every outstanding reset link (migration 0007).
 */
export async function replacePassword(
  trx: Kysely<Database>,
  events: DomainEvents,
  userId: string,
  passwordHash: string,
  keepSessionId?: string,
): Promise<void> {
  await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: false }).where('id', '=', userId).execute();
  let ended = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) ended = ended.where('id', '!=', keepSessionId);
  await ended.execute();
  // The gateway closes the sockets of the sessions that ended, and lets the kept one's socket on.
  await events.emit(trx, [{ type: 'user.changed', userId }]);
}

const wrongCurrentPassword = (field: string) =>
  new AppError('auth.current_password_wrong', text('The current password is not right.', 'Trenutna lozinka nije ispravna.'), [
    { path: field, code: 'wrong', message: text('This is not your current password.', 'Ovo nije vaša trenutna lozinka.') },
  ]);
const unchanged = () =>
  new AppError(
    'auth.password_unchanged',
    text('The new password must differ from the current one.', 'Nova lozinka mora se razlikovati od trenutne.'),
    [
      {
        path: 'newPassword',
        code: 'unchanged',
        message: text('Choose a password you have not used here.', 'Odaberite lozinku koju ovdje još niste koristili.'),
      },
    ],
  );

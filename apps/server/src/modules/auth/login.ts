import type { Locale } from '@centrala/contracts';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import type { LoginGuard } from './login-guard.js';
import { burnPasswordCheck, verifyPassword } from './secrets.js';
import type { RecoveryCodes } from './recovery-codes.js';
import { checkTotp } from './totp.js';
import type { UsersRepository } from './users.repository.js';

/**
 * Checks a login attempt from `client` (its address). Anything short of the
 * right password, the right unused code (or an unused recovery code) for an account with TOTP, an account
 * that is enabled and a network that is not locked out answers the one same
 * error after the same work: the answer never tells an attacker which
 * addresses exist, whether a password was right (also when the code is
 * missing, or the network is locked out), or whether an account is locked.
 */
export async function checkLogin(
  { users, guard, recovery }: { users: UsersRepository; guard: LoginGuard; recovery: RecoveryCodes },
  attempt: { email: string; password: string; totp?: string | undefined; recoveryCode?: string | undefined },
  client: string,
): Promise<{ userId: string; locale: Locale }> {
  const email = attempt.email.toLowerCase();
  const [user, locked] = await Promise.all([users.findByEmail(email), guard.isLocked(email, client)]);
  let passwordOk = false;
  if (user) passwordOk = await verifyPassword(user.password_hash, attempt.password);
  else await burnPasswordCheck(attempt.password);
  const allowed = user !== undefined && passwordOk && !locked && user.disabled_at === null && user.can_log_in && !user.account_disabled;
  // A wrong recovery code is a wrong second factor: the same answer, counted by the same guard.
  if (!allowed || !(await secondFactorOk(users, recovery, user, attempt))) {
    await guard.recordFailure(email, client);
    throw invalidCredentials();
  }
  await guard.recordSuccess(email, client);
  return { userId: user.id, locale: user.locale };
}

async function secondFactorOk(
  users: UsersRepository,
  recovery: RecoveryCodes,
  user: NonNullable<Awaited<ReturnType<UsersRepository['findByEmail']>>>,
  { totp, recoveryCode }: { totp?: string | undefined; recoveryCode?: string | undefined },
): Promise<boolean> {
  if (!user.totp_enabled || !user.totp_secret) return true;
  if (!totp) return recoveryCode !== undefined && (await recovery.use(user.id, recoveryCode));
  const step = await checkTotp(user.totp_secret, totp, user.totp_last_step);
  return step !== null && (await users.useTotpStep(user.id, step));
}

const invalidCredentials = () =>
  new AppError(
    'auth.invalid_credentials',
    text(
      'The email, password or code from the authenticator app is not right.',
      'Adresa e-pošte, lozinka ili kôd iz aplikacije za autentifikaciju nisu ispravni.',
    ),
  );

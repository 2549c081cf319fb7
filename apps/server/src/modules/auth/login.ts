import type { Locale } from '@centrala/contracts';
import { AppError, text } from '../../http/errors.js';
import { burnPasswordCheck, verifyPassword } from './secrets.js';
import { checkTotp } from './totp.js';
import type { UsersRepository } from './users.repository.js';

/**
 * Checks a login attempt. A wrong password, an unknown email, a locked and a
 * disabled account all answer with the same error after the same work, so the
 * answer tells an attacker nothing about which addresses exist.
 */
export async function checkLogin(
  users: UsersRepository,
  attempt: { email: string; password: string; totp?: string | undefined },
): Promise<{ userId: string; locale: Locale }> {
  const user = await users.findByEmail(attempt.email);
  if (!user) {
    await burnPasswordCheck(attempt.password);
    throw invalidCredentials();
  }
  const passwordOk = await verifyPassword(user.password_hash, attempt.password);
  const locked = user.locked_until !== null && new Date(user.locked_until) > new Date();
  if (!passwordOk || locked || user.disabled_at !== null) {
    if (!passwordOk) await users.recordFailedLogin(user.id);
    throw invalidCredentials();
  }
  if (user.totp_enabled && user.totp_secret) {
    if (!attempt.totp) throw totpRequired();
    if (!(await checkTotp(user.totp_secret, attempt.totp))) {
      await users.recordFailedLogin(user.id);
      throw totpInvalid();
    }
  }
  await users.recordSuccessfulLogin(user.id);
  return { userId: user.id, locale: user.locale };
}

export const invalidCredentials = () =>
  new AppError(401, 'auth.invalid_credentials', text('The email or password is not right.', 'Adresa e-pošte ili lozinka nisu ispravne.'));
const totpRequired = () =>
  new AppError(
    401,
    'auth.totp_required',
    text('Enter the 6-digit code from your authenticator app.', 'Unesite šesteroznamenkasti kôd iz aplikacije za autentikaciju.'),
  );
const totpInvalid = () =>
  new AppError(401, 'auth.totp_invalid', text('The code is not right or has expired.', 'Kôd nije ispravan ili je istekao.'));

import type {} from '@fastify/cookie';
import {
  LocaleUpdate,
  LoginRequest,
  PasswordChange,
  PasswordResetConfirm,
  PasswordResetRequest,
  RecoveryCodes,
  RecoveryCodesRegenerate,
  RecoveryCodesStatus,
  Session,
  TotpCode,
  TotpSetup,
} from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { currentUser, SESSION_COOKIE } from './authenticate.js';
import type { LoginGuard } from './login-guard.js';
import { checkLogin } from './login.js';
import type { PasswordChange as PasswordChanges } from './password-change.js';
import type { PasswordReset } from './password-reset.js';
import { policies } from './policies.js';
import { RECOVERY_CODES, type RecoveryCodes as RecoveryCodeStore } from './recovery-codes.js';
import type { SessionOpener } from './session-opener.js';
import type { SessionsRepository } from './sessions.repository.js';
import { checkTotp, newTotpSecret, totpUri } from './totp.js';
import type { UsersRepository } from './users.repository.js';

export interface AuthRoutesOptions {
  users: UsersRepository;
  guard: LoginGuard;
  sessions: SessionsRepository;
  passwordReset: PasswordReset;
  passwordChange: PasswordChanges;
  recovery: RecoveryCodeStore;
  openSession: SessionOpener;
  loginRateLimitPerMinute: number;
}

const Ok = z.object({ ok: z.literal(true) });

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  const { users, sessions, recovery } = opts;
  const { openSession } = opts;
  const loginLimit = { rateLimit: { max: opts.loginRateLimitPerMinute, timeWindow: 60_000 } };
  // Work left running after its answer was sent; closing the app waits for it.
  const pending = new Set<Promise<void>>();
  const afterAnswer = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  app.addHook('onClose', async () => {
    await Promise.all(pending);
  });

  app.post(
    '/api/auth/login',
    { config: loginLimit, schema: { tags: ['auth'], body: LoginRequest, response: { 200: Session } } },
    async (req, reply) => {
      const { userId } = await checkLogin({ users, guard: opts.guard, recovery }, req.body, req.ip);
      const created = await openSession(req, reply, userId);
      const row = await sessions.findLive(created.token);
      if (!row) throw Errors.internal();
      return { user: currentUser(row), csrfToken: created.csrfToken };
    },
  );

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: Session } } }, async (req) => {
    const p = policies.user(req);
    return { user: p.user, csrfToken: p.csrfToken };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 200: Ok } } }, async (req, reply) => {
    const p = req.principal;
    if (p?.type === 'user') await sessions.delete(p.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post('/api/auth/logout-all', { schema: { tags: ['auth'], response: { 200: Ok } } }, async (req, reply) => {
    const p = policies.user(req);
    await sessions.deleteAllOf(p.user.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post(
    '/api/auth/password-reset/request',
    { config: loginLimit, schema: { tags: ['auth'], body: PasswordResetRequest, response: { 202: Ok } } },
    async (req, reply) => {
      // Answered first, the work after: how long the answer takes must not tell a registered address from another.
      await reply.code(202).send({ ok: true as const });
      afterAnswer(opts.passwordReset.request(req.body.email).catch((err: unknown) => req.log.error({ err }, 'password reset mail failed')));
      return reply;
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    { config: loginLimit, schema: { tags: ['auth'], body: PasswordResetConfirm, response: { 200: Ok } } },
    async (req) => {
      await opts.passwordReset.confirm(req.body.token, req.body.password);
      return { ok: true as const };
    },
  );

  // The one write a user who must change their password may make; the other sessions end, this one stays.
  app.post(
    '/api/auth/password',
    { config: loginLimit, schema: { tags: ['auth'], body: PasswordChange, response: { 200: Ok } } },
    async (req) => {
      const p = policies.user(req);
      await opts.passwordChange.change(
        { userId: p.user.id, email: p.user.email, sessionId: p.sessionId, client: req.ip },
        req.body.currentPassword,
        req.body.newPassword,
      );
      return { ok: true as const };
    },
  );

  app.post('/api/auth/totp/setup', { schema: { tags: ['auth'], response: { 200: TotpSetup } } }, async (req) => {
    const p = policies.user(req);
    if (p.user.totpEnabled) throw totpAlreadyOn();
    const secret = newTotpSecret();
    await users.setTotp(p.user.id, secret, false);
    return { secret, otpauthUrl: totpUri(secret, p.user.email) };
  });

  // Answers the recovery codes: this is the only time they are seen.
  app.post('/api/auth/totp/enable', { schema: { tags: ['auth'], body: TotpCode, response: { 200: RecoveryCodes } } }, async (req) => {
    const p = policies.user(req);
    const user = await users.findById(p.user.id);
    if (!user?.totp_secret || user.totp_enabled) throw totpAlreadyOn();
    const step = await checkTotp(user.totp_secret, req.body.code, user.totp_last_step);
    if (step === null || !(await users.useTotpStep(user.id, step))) throw wrongCode();
    await users.setTotp(user.id, user.totp_secret, true);
    return { codes: await recovery.replace(user.id) };
  });

  app.get('/api/auth/recovery-codes', { schema: { tags: ['auth'], response: { 200: RecoveryCodesStatus } } }, async (req) => {
    const p = policies.user(req);
    return { remaining: await recovery.remaining(p.user.id), total: RECOVERY_CODES };
  });

  // New codes void the old ones; the password is asked again, so an open session alone cannot take them.
  app.post(
    '/api/auth/recovery-codes',
    { config: loginLimit, schema: { tags: ['auth'], body: RecoveryCodesRegenerate, response: { 200: RecoveryCodes } } },
    async (req) => {
      const p = policies.user(req);
      if (!p.user.totpEnabled) throw totpOff();
      await opts.passwordChange.checkCurrent({ userId: p.user.id, email: p.user.email, client: req.ip }, req.body.password, 'password');
      return { codes: await recovery.replace(p.user.id) };
    },
  );

  app.post('/api/auth/totp/disable', { schema: { tags: ['auth'], body: TotpCode, response: { 200: Ok } } }, async (req) => {
    const p = policies.user(req);
    if (p.user.role === 'admin')
      throw new AppError(
        'auth.totp_required_for_admins',
        text('Admins must keep two-factor authentication on.', 'Administratori moraju imati uključenu dvofaktorsku autentikaciju.'),
      );
    const user = await users.findById(p.user.id);
    if (!user?.totp_secret || !user.totp_enabled) return { ok: true as const };
    const step = await checkTotp(user.totp_secret, req.body.code, user.totp_last_step);
    if (step === null || !(await users.useTotpStep(user.id, step))) throw wrongCode();
    await users.setTotp(user.id, null, false);
    await recovery.removeAll(user.id);
    return { ok: true as const };
  });

  app.put('/api/me/locale', { schema: { tags: ['auth'], body: LocaleUpdate, response: { 200: Ok } } }, async (req) => {
    const p = policies.user(req);
    await users.setLocale(p.user.id, req.body.locale);
    return { ok: true as const };
  });
};

const totpAlreadyOn = () =>
  new AppError(
    'auth.totp_already_enabled',
    text('Two-factor authentication is already on.', 'Dvofaktorska autentikacija je već uključena.'),
  );
const totpOff = () =>
  new AppError('auth.totp_not_enabled', text('Turn on two-factor authentication first.', 'Najprije uključite dvofaktorsku autentikaciju.'));
const wrongCode = () =>
  new AppError('auth.totp_invalid', text('The code is not right or has expired.', 'Kôd nije ispravan ili je istekao.'));

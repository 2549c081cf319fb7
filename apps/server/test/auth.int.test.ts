import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { deleteEndedRateLimits } from '../src/http/rate-limit-store.js';
import { createLogger } from '../src/logger.js';
import { createCustomer, createStaff, login, PASSWORD, useTestApp } from './helpers.js';

describe('login (issue 2, R9: session is the strongest trust)', () => {
  const ctx = useTestApp();

  it('sets an httpOnly SameSite session cookie and /me returns the user', async () => {
    const c = await createCustomer(ctx.db);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: c.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((k) => k.name === 'centrala_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await ctx.app.inject({ url: '/api/auth/me', headers: { cookie: `centrala_session=${cookie.value}` } });
    expect(me.json()).toMatchObject({ user: { email: c.email, kind: 'client', accountId: c.accountId } });
  });

  it('answers a wrong password, an unknown email, a locked and a disabled account alike', async () => {
    const c = await createCustomer(ctx.db);
    const locked = await createCustomer(ctx.db);
    await ctx.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 3_600_000) })
      .where('id', '=', locked.userId)
      .execute();
    const disabled = await createCustomer(ctx.db);
    await ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.userId).execute();

    const attempts = [
      { email: c.email, password: 'wrong password' },
      { email: 'nobody-at-all@example.com', password: PASSWORD },
      { email: locked.email, password: PASSWORD },
      { email: disabled.email, password: PASSWORD },
    ];
    const answers = await Promise.all(attempts.map((payload) => ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload })));
    for (const a of answers) {
      expect(a.statusCode).toBe(401);
      expect(a.body).toBe(answers[0]!.body);
      expect(a.cookies).toHaveLength(0);
    }
    expect(answers[0]!.json().error.code).toBe('auth.invalid_credentials');
  });

  it('locks an account after five wrong passwords, then refuses even the right one', async () => {
    const c = await createCustomer(ctx.db);
    for (let i = 0; i < 5; i++) {
      await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: c.email, password: `wrong-${i}` } });
    }
    const user = await ctx.db
      .selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('id', '=', c.userId)
      .executeTakeFirstOrThrow();
    expect(user.failed_logins).toBe(5);
    expect(new Date(user.locked_until!).getTime()).toBeGreaterThan(Date.now());
    const right = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: c.email, password: PASSWORD } });
    expect(right.statusCode).toBe(401);
    expect(right.json().error.code).toBe('auth.invalid_credentials');
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const c = await createCustomer(ctx.db);
    const s = await login(ctx.app, c.email);
    const without = await ctx.app.inject({
      method: 'PUT',
      url: '/api/me/locale',
      headers: { cookie: s.cookie },
      payload: { locale: 'en' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('auth.csrf_invalid');
    const wrong = await ctx.app.inject({
      method: 'PUT',
      url: '/api/me/locale',
      headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) },
      payload: { locale: 'en' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await ctx.app.inject({ method: 'PUT', url: '/api/me/locale', headers: s.headers, payload: { locale: 'en' } });
    expect(ok.statusCode).toBe(200);
    const me = await ctx.app.inject({ url: '/api/auth/me', headers: s.headers });
    expect(me.json().user.locale).toBe('en');
  });

  it('logs out everywhere', async () => {
    const c = await createCustomer(ctx.db);
    const phone = await login(ctx.app, c.email);
    const laptop = await login(ctx.app, c.email);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: laptop.headers })).statusCode).toBe(200);
    for (const s of [phone, laptop]) {
      const me = await ctx.app.inject({ url: '/api/auth/me', headers: s.headers });
      expect(me.statusCode).toBe(401);
      expect(me.json().error.code).toBe('auth.unauthenticated');
    }
  });

  it('resets a password by an emailed one-time link that ends old sessions', async () => {
    const c = await createCustomer(ctx.db);
    const old = await login(ctx.app, c.email);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      payload: { email: 'ghost@example.com' },
    });
    const known = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: c.email } });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);

    const mail = await ctx.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', c.email).executeTakeFirstOrThrow();
    expect(mail.kind).toBe('password_reset');
    const token = /reset-password\?token=([\w-]+)/.exec(mail.text_body)![1]!;
    expect(mail.text_body).toContain('http://centrala.test/reset-password?token=');

    const confirm = () =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password: 'a brand new password' } });
    expect((await confirm()).statusCode).toBe(200);
    const again = await confirm();
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('auth.reset_link_invalid');

    expect((await ctx.app.inject({ url: '/api/auth/me', headers: old.headers })).statusCode).toBe(401);
    const withNew = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: c.email, password: 'a brand new password' },
    });
    expect(withNew.statusCode).toBe(200);
  });
});

describe('two-factor authentication', () => {
  const ctx = useTestApp();

  it('asks an admin with TOTP for the code, accepts the right one and refuses a wrong one', async () => {
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const noCode = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, password: PASSWORD } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('auth.totp_required');
    expect(noCode.cookies).toHaveLength(0);

    const code = await generate({ secret: admin.totpSecret! });
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.email, password: PASSWORD, totp: wrongCode },
    });
    expect(wrong.json().error.code).toBe('auth.totp_invalid');

    const s = await login(ctx.app, admin.email, { totp: code });
    const users = await ctx.app.inject({ url: '/api/admin/users', headers: s.headers });
    expect(users.statusCode).toBe(200);
  });

  it('lets an admin without TOTP do nothing but enrol, then everything', async () => {
    const admin = await createStaff(ctx.db, 'admin');
    const s = await login(ctx.app, admin.email);
    const me = await ctx.app.inject({ url: '/api/auth/me', headers: s.headers });
    expect(me.json().user.mustEnrollTotp).toBe(true);
    const blocked = await ctx.app.inject({ url: '/api/admin/users', headers: s.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('auth.totp_enrollment_required');

    const setup = await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers });
    const { secret, otpauthUrl } = setup.json<{ secret: string; otpauthUrl: string }>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Centrala/);
    const enable = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enable',
      headers: s.headers,
      payload: { code: await generate({ secret }) },
    });
    expect(enable.statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/admin/users', headers: s.headers })).statusCode).toBe(200);
    const disable = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers: s.headers,
      payload: { code: await generate({ secret }) },
    });
    expect(disable.json().error.code).toBe('auth.totp_required_for_admins');
  });

  it('lets an agent turn TOTP on as an option', async () => {
    const agent = await createStaff(ctx.db, 'agent');
    const s = await login(ctx.app, agent.email);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: s.headers })).json().user.mustEnrollTotp).toBe(false);
    const { secret } = (await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers })).json<{
      secret: string;
    }>();
    await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enable',
      headers: s.headers,
      payload: { code: await generate({ secret }) },
    });
    const next = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: PASSWORD } });
    expect(next.json().error.code).toBe('auth.totp_required');
  });
});

describe('login rate limit', () => {
  const ctx = useTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });

  it('answers 429 request.rate_limited past the limit per client address', async () => {
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.com', password: 'whatever' } });
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    expect(last!.json().error.code).toBe('request.rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts an address across every process and node on the database, per route', async () => {
    const other = await buildApp({ config: ctx.config, db: ctx.db, logger: createLogger('silent'), databaseUrl: ctx.databaseUrl });
    try {
      const from = { remoteAddress: '198.51.100.7' };
      const attempt = (app: typeof other) =>
        app
          .inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'y@example.com', password: 'whatever' }, ...from })
          .then((r) => r.statusCode);
      expect([await attempt(ctx.app), await attempt(other), await attempt(ctx.app), await attempt(other)]).toEqual([401, 401, 401, 429]);
      // Another route keeps its own count; another address is not held back.
      const reset = await other.inject({
        method: 'POST',
        url: '/api/auth/password-reset/request',
        payload: { email: 'y@example.com' },
        ...from,
      });
      expect(reset.statusCode).toBe(202);
      const elsewhere = await other.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'y@example.com', password: 'whatever' },
        remoteAddress: '198.51.100.8',
      });
      expect(elsewhere.statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('forgets counters whose window has ended', async () => {
    await ctx.db
      .insertInto('rate_limits')
      .values({ key: 'ended-window', hits: 9, window_ends_at: new Date(Date.now() - 1000) })
      .execute();
    expect(await deleteEndedRateLimits(ctx.db)).toBeGreaterThanOrEqual(1);
    expect(await ctx.db.selectFrom('rate_limits').select('key').where('key', '=', 'ended-window').executeTakeFirst()).toBeUndefined();
  });
});

import { generate } from 'otplib';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deleteEndedRateLimits } from '../src/db/rate-limits.js';
import { loginGuard } from '../src/modules/auth/index.js';
import { mailSeal, serverKey } from '../src/modules/email/index.js';
import { buildNode, createCustomer, createStaff, eventually, login, PASSWORD, useTestApp, type TestContext } from './helpers.js';

/** The token of the newest reset link mailed to `email`, as the relay will read it: from the sealed body. */
async function resetTokenMailedTo(ctx: TestContext, email: string, after = new Date(0)): Promise<string> {
  const mail = await eventually(() =>
    ctx.db
      .selectFrom('outbox_emails')
      .selectAll()
      .where('to_address', '=', email)
      .where('kind', '=', 'password_reset')
      .where('created_at', '>', after)
      .orderBy('created_at', 'desc')
      .executeTakeFirst(),
  );
  const body = mailSeal(serverKey(ctx.config.SECRET_KEY, ctx.dataDir)).open(mail.sealed_body!);
  expect(body).toContain('http://centrala.test/reset-password?token=');
  return /reset-password\?token=([\w-]+)/.exec(body)![1]!;
}

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
      .insertInto('login_failures')
      .values({
        email: locked.email,
        client: '127.0.0.1',
        failures: 5,
        last_failed_at: new Date(),
        locked_until: new Date(Date.now() + 3_600_000),
      })
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

  it('locks the address out of the account after five wrong passwords, then refuses even the right one', async () => {
    const c = await createCustomer(ctx.db);
    for (let i = 0; i < 5; i++) {
      await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: c.email, password: `wrong-${i}` } });
    }
    const row = await ctx.db
      .selectFrom('login_failures')
      .select(['failures', 'locked_until'])
      .where('email', '=', c.email)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(5);
    expect(new Date(row.locked_until!).getTime()).toBeGreaterThan(Date.now());
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

    const token = await resetTokenMailedTo(ctx, c.email);

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

  it('lets an admin with TOTP in with the right code only; a missing or wrong code answers like a wrong password (issue 9 point 8)', async () => {
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const attempt = (payload: object) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, ...payload } });
    const code = await generate({ secret: admin.totpSecret! });
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    const rightPasswordNoCode = await attempt({ password: PASSWORD });
    const wrongPasswordNoCode = await attempt({ password: 'not the password' });
    const rightPasswordWrongCode = await attempt({ password: PASSWORD, totp: wrongCode });
    const wrongPasswordWrongCode = await attempt({ password: 'not the password', totp: wrongCode });
    for (const a of [rightPasswordNoCode, wrongPasswordNoCode, rightPasswordWrongCode, wrongPasswordWrongCode]) {
      expect(a.statusCode).toBe(401);
      expect(a.body).toBe(wrongPasswordNoCode.body);
      expect(a.cookies).toHaveLength(0);
    }
    expect(wrongPasswordNoCode.json().error.code).toBe('auth.invalid_credentials');

    const s = await login(ctx.app, admin.email, { totp: code });
    const users = await ctx.app.inject({ url: '/api/admin/users', headers: s.headers });
    expect(users.statusCode).toBe(200);
  });

  it('takes a code once: the same code again, within its window, is refused (issue 9 point 8)', async () => {
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const code = await generate({ secret: admin.totpSecret! });
    await login(ctx.app, admin.email, { totp: code });
    const replay = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.email, password: PASSWORD, totp: code },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('auth.invalid_credentials');
    // Two logins racing with one code: one gets in.
    const other = await createStaff(ctx.db, 'admin', { totp: true });
    const otherCode = await generate({ secret: other.totpSecret! });
    const raced = await Promise.all(
      [1, 2, 3].map(() =>
        ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: other.email, password: PASSWORD, totp: otherCode } }),
      ),
    );
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
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
    const enableCode = await generate({ secret });
    const enabled = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enable',
      headers: s.headers,
      payload: { code: enableCode },
    });
    expect(enabled.statusCode).toBe(200);
    const next = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: PASSWORD } });
    expect(next.json().error.code).toBe('auth.invalid_credentials');
    // The code that turned TOTP on is used: it does not log in.
    const replay = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: agent.email, password: PASSWORD, totp: enableCode },
    });
    expect(replay.statusCode).toBe(401);
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
    const other = await buildNode(ctx);
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

describe('login protection (issue 9 point 7)', () => {
  // The per-address rate limit is not what is tested here.
  const ctx = useTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  const attempt = (email: string, password: string, remoteAddress: string, totp?: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password, ...(totp && { totp }) }, remoteAddress });
  const lockOf = (email: string, client: string) =>
    ctx.db
      .selectFrom('login_failures')
      .select(['failures', 'locked_until'])
      .where('email', '=', email)
      .where('client', '=', client)
      .executeTakeFirstOrThrow();

  it('answers 60 failures with the same 401, never a 500, and still locks after them', async () => {
    const c = await createCustomer(ctx.db);
    const from = '203.0.113.60';
    const first = await attempt(c.email, 'wrong', from);
    for (let i = 1; i < 60; i++) {
      const res = await attempt(c.email, i > 5 && i % 2 ? PASSWORD : `wrong-${i}`, from);
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe(first.body);
    }
    const lock = await lockOf(c.email, from);
    expect(lock.failures).toBe(60);
    const until = new Date(lock.locked_until!).getTime();
    expect(until).toBeGreaterThan(Date.now());
    expect(until).toBeLessThanOrEqual(Date.now() + 3_600_000);

    // The lock runs out; the next failure locks again.
    await ctx.db
      .updateTable('login_failures')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('email', '=', c.email)
      .execute();
    expect((await attempt(c.email, 'wrong again', from)).statusCode).toBe(401);
    expect(new Date((await lockOf(c.email, from)).locked_until!).getTime()).toBeGreaterThan(Date.now());
  });

  it('lets the owner in from their own address while another address is locked out of the account', async () => {
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const attacker = '203.0.113.66';
    for (let i = 0; i < 11; i++) expect((await attempt(admin.email, `guess-${i}`, attacker)).statusCode).toBe(401);
    // Even the right password and code from the attacker's address: refused, and told apart from nothing.
    const code = await generate({ secret: admin.totpSecret! });
    const fromAttacker = await attempt(admin.email, PASSWORD, attacker, code);
    expect(fromAttacker.statusCode).toBe(401);
    expect(fromAttacker.json().error.code).toBe('auth.invalid_credentials');
    expect((await attempt(admin.email, PASSWORD, '198.51.100.20', code)).statusCode).toBe(200);
  });

  it('counts an IPv6 client by its /64', async () => {
    const c = await createCustomer(ctx.db);
    for (let i = 0; i < 5; i++) await attempt(c.email, 'wrong', `2001:db8:1:2::${i + 1}`);
    expect((await attempt(c.email, PASSWORD, '2001:db8:1:2:ffff::9')).statusCode).toBe(401);
    expect((await attempt(c.email, PASSWORD, '2001:db8:1:3::1')).statusCode).toBe(200);
  });

  it('under a guess from many addresses, locks each address after one failure, and still lets a fresh one in', async () => {
    const c = await createCustomer(ctx.db);
    for (let i = 1; i <= 20; i++) await attempt(c.email, `guess-${i}`, `192.0.2.${i}`);
    expect((await attempt(c.email, 'one more guess', '192.0.2.100')).statusCode).toBe(401);
    expect((await attempt(c.email, PASSWORD, '192.0.2.100')).statusCode).toBe(401);
    expect((await attempt(c.email, PASSWORD, '192.0.2.200')).statusCode).toBe(200);
  });

  it('forgets networks quiet for a day, but not a lock still running', async () => {
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await ctx.db
      .insertInto('login_failures')
      .values([
        { email: 'quiet@example.com', client: '192.0.2.1', failures: 3, last_failed_at: dayAgo, locked_until: null },
        {
          email: 'quiet@example.com',
          client: '192.0.2.2',
          failures: 9,
          last_failed_at: dayAgo,
          locked_until: new Date(Date.now() + 60_000),
        },
      ])
      .execute();
    expect(await loginGuard(ctx.db).deleteStale()).toBeGreaterThanOrEqual(1);
    const left = await ctx.db.selectFrom('login_failures').select('client').where('email', '=', 'quiet@example.com').execute();
    expect(left).toEqual([{ client: '192.0.2.2' }]);
  });

  it('locks an unknown email like a known one', async () => {
    const from = '203.0.113.77';
    for (let i = 0; i < 5; i++) await attempt('nobody-here@example.com', 'wrong', from);
    expect(new Date((await lockOf('nobody-here@example.com', from)).locked_until!).getTime()).toBeGreaterThan(Date.now());
  });
});

describe('password reset (issue 9 point 9)', () => {
  const ctx = useTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  const ask = (email: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email } });

  it('stores no usable link: admins read it hidden, the stored body is sealed', async () => {
    const c = await createCustomer(ctx.db);
    await ask(c.email);
    const token = await resetTokenMailedTo(ctx, c.email);
    const row = await ctx.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', c.email).executeTakeFirstOrThrow();
    expect(row.text_body).not.toContain(token);
    expect(row.text_body).toContain('[hidden');
    expect(row.sealed_body!.toString('latin1')).not.toContain(token);

    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const s = await login(ctx.app, admin.email, { totp: await generate({ secret: admin.totpSecret! }) });
    const outbox = await ctx.app.inject({ url: '/api/admin/outbox', headers: s.headers });
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toContain(c.email);
    expect(outbox.body).not.toContain(token);
  });

  it('voids every outstanding link when the password changes', async () => {
    const c = await createCustomer(ctx.db);
    await ask(c.email);
    const older = await resetTokenMailedTo(ctx, c.email);
    const since = new Date();
    await ask(c.email);
    const newer = await resetTokenMailedTo(ctx, c.email, since);
    expect(newer).not.toBe(older);
    const confirm = (token: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password: 'a brand new password' } });
    expect((await confirm(newer)).statusCode).toBe(200);
    const stale = await confirm(older);
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('auth.reset_link_invalid');

    // Any change of the password, not only a reset.
    await ask(c.email);
    const another = await resetTokenMailedTo(ctx, c.email, new Date(Date.now() - 1));
    await ctx.db.updateTable('users').set({ password_hash: 'changed elsewhere' }).where('id', '=', c.userId).execute();
    expect((await confirm(another)).statusCode).toBe(400);
  });

  it('answers before any work on the address: a registered one cannot be told by its time', async () => {
    const c = await createCustomer(ctx.db);
    // The user's row is held by another transaction: work on this address would wait for it.
    const blocker = await ctx.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`select id from users where id = ${c.userId} for update`.execute(conn);
      const answer = await ask(c.email);
      const mailsMeanwhile = await ctx.db.selectFrom('outbox_emails').select('id').where('to_address', '=', c.email).execute();
      await sql`commit`.execute(conn);
      return { answer, mailsMeanwhile };
    });
    expect(blocker.answer.statusCode).toBe(202);
    expect(blocker.answer.body).toBe((await ask('nobody-registered@example.com')).body);
    expect(blocker.mailsMeanwhile).toHaveLength(0);
    await resetTokenMailedTo(ctx, c.email);
  });

  it('mails one account at most three links an hour, and answers the same after', async () => {
    const c = await createCustomer(ctx.db);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(c.email));
    expect(new Set(answers.map((a) => `${a.statusCode} ${a.body}`)).size).toBe(1);
    await ctx.app.close().catch(() => undefined);
    const mails = await ctx.db.selectFrom('outbox_emails').select('id').where('to_address', '=', c.email).execute();
    expect(mails).toHaveLength(3);
  });
});

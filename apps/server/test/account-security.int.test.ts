import { createHash } from 'node:crypto';
import type { ServerEvents } from '@centrala/contracts';
import { generate } from 'otplib';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, eventually, login, PASSWORD, useTestApp, type LoggedIn } from './helpers.js';

const NEW_PASSWORD = 'a brand new passphrase';

/** Issue 10 points 3 and 7: accounts people can manage, and a disabled user told so. */
describe('account security (issue 10 points 3 and 7)', () => {
  // Many logins from one address in a minute: the per-address limit has its own tests.
  const ctx = useTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  let address: string;
  let admin: LoggedIn;
  const opened: Socket<ServerEvents>[] = [];

  beforeAll(async () => {
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    address = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => {
    for (const s of opened) s.close();
  });

  /** Connects a socket with the session's cookie: resolves once connected, or with the refusal's code. */
  const socketFor = (session: LoggedIn) =>
    new Promise<{ socket: Socket<ServerEvents> } | { refused: string }>((resolve) => {
      const s: Socket<ServerEvents> = connect(address, {
        extraHeaders: { cookie: session.cookie },
        transports: ['websocket'],
        reconnection: false,
      });
      opened.push(s);
      s.once('connect', () => resolve({ socket: s }));
      s.once('connect_error', (err) => resolve({ refused: err.message }));
    });

  const changePassword = (session: LoggedIn, currentPassword: string, newPassword = NEW_PASSWORD) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers: session.headers, payload: { currentPassword, newPassword } });
  const loginWith = (email: string, payload: object) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, ...payload } });
  const failuresOf = async (email: string) =>
    (await ctx.db.selectFrom('login_failures').select('failures').where('email', '=', email).executeTakeFirst())?.failures ?? 0;

  describe("changing one's own password", () => {
    it('refuses a wrong current password with a stable code, counted like a failed login, and changes nothing', async () => {
      const c = await createCustomer(ctx.db);
      const s = await login(ctx.app, c.email);
      const res = await changePassword(s, 'not my password');
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'auth.current_password_wrong', fields: [{ path: 'currentPassword' }] });
      expect(await failuresOf(c.email)).toBe(1);
      expect((await loginWith(c.email, { password: PASSWORD })).statusCode).toBe(200);
    });

    it('refuses the same password again', async () => {
      const c = await createCustomer(ctx.db);
      const res = await changePassword(await login(ctx.app, c.email), PASSWORD, PASSWORD);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('auth.password_unchanged');
    });

    it('ends every other session and voids outstanding reset links, and keeps the session that changed it', async () => {
      const agent = await createStaff(ctx.db, 'agent');
      const [here, elsewhere] = [await login(ctx.app, agent.email), await login(ctx.app, agent.email)];
      const elsewhereSocket = await socketFor(elsewhere);
      expect('socket' in elsewhereSocket).toBe(true);
      await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: agent.email } });
      await eventually(
        async () =>
          (await ctx.db.selectFrom('password_resets').select('user_id').where('user_id', '=', agent.userId).executeTakeFirst()) ??
          undefined,
      );

      const closed = 'socket' in elsewhereSocket && new Promise((r) => elsewhereSocket.socket.once('disconnect', r));
      const res = await changePassword(here, PASSWORD);
      expect(res.statusCode, res.body).toBe(200);

      expect((await ctx.app.inject({ url: '/api/agent/tickets', headers: here.headers })).statusCode).toBe(200);
      const other = await ctx.app.inject({ url: '/api/agent/tickets', headers: elsewhere.headers });
      expect(other.statusCode).toBe(401);
      expect(other.json().error.code).toBe('auth.unauthenticated');
      expect(await closed).toBe('io server disconnect');
      const links = await ctx.db
        .selectFrom('password_resets')
        .select('user_id')
        .where('user_id', '=', agent.userId)
        .where('used_at', 'is', null)
        .execute();
      expect(links).toHaveLength(0);
      expect((await loginWith(agent.email, { password: PASSWORD })).statusCode).toBe(401);
      expect((await loginWith(agent.email, { password: NEW_PASSWORD })).statusCode).toBe(200);
    });
  });

  describe('a new password required at the next sign-in', () => {
    it('is set for a staff user an admin creates; until it is changed, everything else answers 403', async () => {
      const email = `new-agent-${Date.now()}@centrala.test`;
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/users',
        headers: admin.headers,
        payload: { email, name: 'New Agent', role: 'agent', password: PASSWORD },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().mustChangePassword).toBe(true);

      const s = await login(ctx.app, email);
      const me = await ctx.app.inject({ url: '/api/auth/me', headers: s.headers });
      expect(me.json().user.mustChangePassword).toBe(true);
      for (const [method, url] of [
        ['GET', '/api/agent/tickets'],
        ['GET', '/api/agent/customers?q=x'],
        ['POST', '/api/auth/totp/setup'],
        ['GET', '/api/auth/recovery-codes'],
      ] as const) {
        const blocked = await ctx.app.inject({ method, url, headers: s.headers });
        expect(blocked.statusCode, url).toBe(403);
        expect(blocked.json().error.code, url).toBe('auth.password_change_required');
      }
      expect(await socketFor(s)).toEqual({ refused: 'auth.password_change_required' });

      expect((await changePassword(s, PASSWORD)).statusCode).toBe(200);
      expect((await ctx.app.inject({ url: '/api/auth/me', headers: s.headers })).json().user.mustChangePassword).toBe(false);
      expect((await ctx.app.inject({ url: '/api/agent/tickets', headers: s.headers })).statusCode).toBe(200);
      expect('socket' in (await socketFor(s))).toBe(true);
      const listed = (await ctx.app.inject({ url: '/api/admin/users', headers: admin.headers })).json().users;
      expect(listed.find((u: { email: string }) => u.email === email).mustChangePassword).toBe(false);
    });

    it('comes before TOTP enrolment for a new admin', async () => {
      const email = `new-admin-${Date.now()}@centrala.test`;
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/users',
        headers: admin.headers,
        payload: { email, name: 'New Admin', role: 'admin', password: PASSWORD },
      });
      expect(created.statusCode, created.body).toBe(201);
      const s = await login(ctx.app, email);
      const setup = await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers });
      expect(setup.json().error.code).toBe('auth.password_change_required');
      expect((await changePassword(s, PASSWORD)).statusCode).toBe(200);
      const me = (await ctx.app.inject({ url: '/api/auth/me', headers: s.headers })).json().user;
      expect(me).toMatchObject({ mustChangePassword: false, mustEnrollTotp: true });
      expect((await ctx.app.inject({ url: '/api/admin/users', headers: s.headers })).json().error.code).toBe(
        'auth.totp_enrollment_required',
      );
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers })).statusCode).toBe(200);
    });

    it('is set by an admin on an existing user, whose open session is held to it at once', async () => {
      const agent = await createStaff(ctx.db, 'agent');
      const s = await login(ctx.app, agent.email);
      expect((await ctx.app.inject({ url: '/api/agent/tickets', headers: s.headers })).statusCode).toBe(200);
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${agent.userId}`,
        headers: admin.headers,
        payload: { mustChangePassword: true },
      });
      expect(res.json().mustChangePassword).toBe(true);
      const blocked = await ctx.app.inject({ url: '/api/agent/tickets', headers: s.headers });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.code).toBe('auth.password_change_required');
      // Signing out is still allowed.
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers })).statusCode).toBe(200);
    });
  });

  describe('recovery codes', () => {
    /** An agent with TOTP turned on through the API; answers their login, secret and recovery codes. */
    const withTotp = async () => {
      const agent = await createStaff(ctx.db, 'agent');
      const s = await login(ctx.app, agent.email);
      const { secret } = (await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers })).json<{
        secret: string;
      }>();
      const enabled = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/totp/enable',
        headers: s.headers,
        payload: { code: await generate({ secret }) },
      });
      expect(enabled.statusCode, enabled.body).toBe(200);
      return { ...agent, session: s, secret, codes: enabled.json<{ codes: string[] }>().codes };
    };

    it('are ten, shown once when TOTP is turned on, and stored only hashed', async () => {
      const agent = await withTotp();
      expect(agent.codes).toHaveLength(10);
      expect(new Set(agent.codes).size).toBe(10);
      for (const code of agent.codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      const rows = await ctx.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', agent.userId).execute();
      expect(rows).toHaveLength(10);
      const stored = rows.map((r) => r.code_hash.toString('hex')).sort();
      const hashed = agent.codes.map((c) => createHash('sha256').update(c.replace(/-/g, '')).digest('hex')).sort();
      expect(stored).toEqual(hashed);
      const dump = JSON.stringify(rows);
      for (const code of agent.codes) expect(dump).not.toContain(code.replace(/-/g, ''));
      const status = await ctx.app.inject({ url: '/api/auth/recovery-codes', headers: agent.session.headers });
      expect(status.json()).toEqual({ remaining: 10, total: 10 });
    });

    it('stand in for a TOTP code at sign-in, each once, typed in any case and grouping', async () => {
      const agent = await withTotp();
      const typed = agent.codes[0]!.toUpperCase().replace(/-/g, ' ');
      const first = await loginWith(agent.email, { password: PASSWORD, recoveryCode: typed });
      expect(first.statusCode, first.body).toBe(200);
      const again = await loginWith(agent.email, { password: PASSWORD, recoveryCode: agent.codes[0] });
      expect(again.statusCode).toBe(401);
      expect(again.json().error.code).toBe('auth.invalid_credentials');
      const status = await ctx.app.inject({ url: '/api/auth/recovery-codes', headers: agent.session.headers });
      expect(status.json().remaining).toBe(9);
      // A code is no good without the password.
      expect((await loginWith(agent.email, { password: 'wrong password', recoveryCode: agent.codes[1] })).statusCode).toBe(401);
      expect((await loginWith(agent.email, { password: PASSWORD, recoveryCode: agent.codes[1] })).statusCode).toBe(200);
    });

    it('refuse a wrong code like a wrong TOTP code, counted by the login protection until the network is locked', async () => {
      const agent = await withTotp();
      const wrong = 'aaaa-bbbb-cccc-dddd';
      const refused = await loginWith(agent.email, { password: PASSWORD, recoveryCode: wrong });
      const wrongTotp = await loginWith(agent.email, { password: PASSWORD, totp: '000000' });
      expect(refused.statusCode).toBe(401);
      expect(refused.body).toBe(wrongTotp.body);
      expect(await failuresOf(agent.email)).toBe(2);
      for (let i = 0; i < 3; i++) await loginWith(agent.email, { password: PASSWORD, recoveryCode: wrong });
      // Five failures lock this network: even a right code is refused now, and not used up.
      expect((await loginWith(agent.email, { password: PASSWORD, recoveryCode: agent.codes[0] })).statusCode).toBe(401);
      const unused = await ctx.db
        .selectFrom('recovery_codes')
        .select('code_hash')
        .where('user_id', '=', agent.userId)
        .where('used_at', 'is', null)
        .execute();
      expect(unused).toHaveLength(10);
    });

    it('are made anew with the password, which voids the old ones', async () => {
      const agent = await withTotp();
      const regenerate = (password: string) =>
        ctx.app.inject({ method: 'POST', url: '/api/auth/recovery-codes', headers: agent.session.headers, payload: { password } });
      const wrong = await regenerate('not my password');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error).toMatchObject({ code: 'auth.current_password_wrong', fields: [{ path: 'password' }] });
      // Guessing the password through an open session counts like guessing it at login.
      expect(await failuresOf(agent.email)).toBe(1);
      const fresh = await regenerate(PASSWORD);
      expect(fresh.statusCode).toBe(200);
      const { codes } = fresh.json<{ codes: string[] }>();
      expect(codes).toHaveLength(10);
      expect((await loginWith(agent.email, { password: PASSWORD, recoveryCode: agent.codes[2] })).statusCode).toBe(401);
      expect((await loginWith(agent.email, { password: PASSWORD, recoveryCode: codes[0] })).statusCode).toBe(200);
    });

    it('go when TOTP is turned off', async () => {
      const agent = await withTotp();
      // The code that turned TOTP on is used; rather than wait up to 30 s for the next one, forget it was.
      await ctx.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', agent.userId).execute();
      const code = await generate({ secret: agent.secret });
      const off = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/totp/disable',
        headers: agent.session.headers,
        payload: { code },
      });
      expect(off.statusCode, off.body).toBe(200);
      expect(await ctx.db.selectFrom('recovery_codes').select('user_id').where('user_id', '=', agent.userId).execute()).toHaveLength(0);
    });
  });

  describe('a disabled user (issue 10 point 7)', () => {
    it('is told so on every request and on the live connection, also after being enabled again', async () => {
      const agent = await createStaff(ctx.db, 'agent');
      const s = await login(ctx.app, agent.email);
      const live = await socketFor(s);
      if (!('socket' in live)) throw new Error(`socket refused: ${live.refused}`);
      const closed = new Promise((r) => live.socket.once('disconnect', r));
      const disable = (disabled: boolean) =>
        ctx.app.inject({ method: 'PATCH', url: `/api/admin/users/${agent.userId}`, headers: admin.headers, payload: { disabled } });
      expect((await disable(true)).statusCode).toBe(200);
      expect(await closed).toBe('io server disconnect');

      for (const url of ['/api/agent/tickets', '/api/auth/me']) {
        const res = await ctx.app.inject({ url, headers: s.headers });
        expect(res.statusCode, url).toBe(401);
        expect(res.json().error.code, url).toBe('auth.account_disabled');
      }
      expect(await socketFor(s)).toEqual({ refused: 'auth.account_disabled' });

      // Enabled again, the old session stays over; a new login works.
      expect((await disable(false)).statusCode).toBe(200);
      expect((await ctx.app.inject({ url: '/api/agent/tickets', headers: s.headers })).statusCode).toBe(401);
      const fresh = await login(ctx.app, agent.email);
      expect((await ctx.app.inject({ url: '/api/agent/tickets', headers: fresh.headers })).statusCode).toBe(200);
    });

    it('a session that simply ended is refused as not logged in', async () => {
      const c = await createCustomer(ctx.db);
      const s = await login(ctx.app, c.email);
      await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
      expect(await socketFor(s)).toEqual({ refused: 'auth.unauthenticated' });
      expect((await ctx.app.inject({ url: '/api/auth/me', headers: s.headers })).json().error.code).toBe('auth.unauthenticated');
    });
  });
});

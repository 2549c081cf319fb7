import { describe, expect, it } from 'vitest';
import { createCustomer, createStaff, login, useTestApp } from './helpers.js';

describe('a customer reaches only their own account (issue 2)', () => {
  const ctx = useTestApp();

  it('lists their own services with name, order number, IPs and location', async () => {
    const c = await createCustomer(ctx.db, { services: [{ name: 'web-01', ips: ['203.0.113.5', '2001:db8::5'] }, { name: 'db-01' }] });
    const s = await login(ctx.app, c.email);
    const res = await ctx.app.inject({ url: '/api/client/account', headers: s.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.id).toBe(c.accountId);
    expect(body.services.map((x: { name: string }) => x.name)).toEqual(['db-01', 'web-01']);
    expect(body.services[1]).toMatchObject({ ipAddresses: ['203.0.113.5', '2001:db8::5'], location: 'Zagreb' });
    expect(body.services[1].orderNumber).toMatch(/^\d{6}$/);
  });

  it("cannot read another account's service by guessing its id", async () => {
    const mallory = await createCustomer(ctx.db);
    const victim = await createCustomer(ctx.db);
    const s = await login(ctx.app, mallory.email);
    const own = await ctx.app.inject({ url: `/api/client/services/${mallory.services[0]!.id}`, headers: s.headers });
    expect(own.statusCode).toBe(200);
    const theirs = await ctx.app.inject({ url: `/api/client/services/${victim.services[0]!.id}`, headers: s.headers });
    const madeUp = await ctx.app.inject({ url: '/api/client/services/00000000-0000-4000-8000-000000000000', headers: s.headers });
    const garbage = await ctx.app.inject({ url: "/api/client/services/1' or '1'='1", headers: s.headers });
    for (const r of [theirs, madeUp, garbage]) {
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('service.not_found');
    }
    expect(theirs.body).not.toContain(victim.services[0]!.name);
  });

  it('keeps customers out of agent and admin routes, and strangers out of everything', async () => {
    const c = await createCustomer(ctx.db);
    const s = await login(ctx.app, c.email);
    for (const url of ['/api/agent/accounts', '/api/admin/users', '/api/admin/departments']) {
      const res = await ctx.app.inject({ url, headers: s.headers });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
    const anon = await ctx.app.inject({ url: '/api/client/account' });
    expect(anon.statusCode).toBe(401);
    const agent = await createStaff(ctx.db, 'agent');
    const a = await login(ctx.app, agent.email);
    expect((await ctx.app.inject({ url: '/api/client/account', headers: a.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/api/admin/users', headers: a.headers })).statusCode).toBe(403);
  });

  it('lets agents find a customer by order number, IP address or name', async () => {
    const c = await createCustomer(ctx.db, { services: [{ name: 'unique-box-7', ips: ['198.51.100.77'] }] });
    const agent = await createStaff(ctx.db, 'agent');
    const a = await login(ctx.app, agent.email);
    for (const q of [`#${c.services[0]!.order_number}`, '198.51.100.77', 'unique-box', c.email.toUpperCase()]) {
      const res = await ctx.app.inject({ url: `/api/agent/accounts?q=${encodeURIComponent(q)}`, headers: a.headers });
      expect(
        res.json().accounts.map((x: { id: string }) => x.id),
        q,
      ).toEqual([c.accountId]);
    }
  });
});

describe('API tokens for other systems', () => {
  const ctx = useTestApp();

  it('are scoped, shown once, stored hashed and revocable', async () => {
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const { generate } = await import('otplib');
    const s = await login(ctx.app, admin.email, { totp: await generate({ secret: admin.totpSecret! }) });
    const c = await createCustomer(ctx.db);

    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/api-tokens',
      headers: s.headers,
      payload: { name: 'billing', scopes: ['accounts:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { secret, token } = created.json<{ secret: string; token: { id: string } }>();
    const stored = await ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(stored.token_hash.toString('hex')).not.toContain(Buffer.from(secret).toString('hex'));
    expect(JSON.stringify((await ctx.app.inject({ url: '/api/admin/api-tokens', headers: s.headers })).json())).not.toContain(secret);

    const bearer = { authorization: `Bearer ${secret}` };
    const read = await ctx.app.inject({ url: `/api/v1/accounts/${c.accountId}`, headers: bearer });
    expect(read.statusCode).toBe(200);
    expect(read.json().services).toHaveLength(1);

    const narrow = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/api-tokens',
      headers: s.headers,
      payload: { name: 'tickets only', scopes: ['tickets:read'] },
    });
    const noScope = await ctx.app.inject({
      url: `/api/v1/accounts/${c.accountId}`,
      headers: { authorization: `Bearer ${narrow.json().secret}` },
    });
    expect(noScope.statusCode).toBe(403);
    // A token is not a session: it opens no client or admin route.
    expect((await ctx.app.inject({ url: '/api/admin/users', headers: bearer })).statusCode).toBe(401);

    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${token.id}`, headers: s.headers })).statusCode).toBe(204);
    const revoked = await ctx.app.inject({ url: `/api/v1/accounts/${c.accountId}`, headers: bearer });
    expect(revoked.statusCode).toBe(401);
    const forged = await ctx.app.inject({
      url: `/api/v1/accounts/${c.accountId}`,
      headers: { authorization: `Bearer ${secret.slice(0, -2)}xx` },
    });
    expect(forged.statusCode).toBe(401);
  });
});

import type { ApiScope } from '@centrala/contracts';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModules } from '../src/modules.js';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp } from './helpers.js';

let n = 0;
const uniq = () => `${Date.now().toString(36)}-${n++}`;
const order = () => String(100000 + Math.floor(Math.random() * 899999));

describe('the provisioning API (issue 13 point 2)', () => {
  const ctx = useTestApp();
  const bearer: Partial<Record<'read' | 'write' | 'other' | 'all', Record<string, string>>> = {};
  let staffId: string;

  const token = async (name: string, scopes: ApiScope[]) => {
    const { secret } = await buildModules({ config: ctx.config, db: ctx.db }).auth.tokens.create({ name, scopes, createdBy: staffId });
    return { authorization: `Bearer ${secret}` };
  };
  const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    ctx.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload: payload as object }) });

  beforeAll(async () => {
    staffId = (await createStaff(ctx.db, 'admin')).userId;
    bearer.read = await token('billing read', ['accounts:read']);
    bearer.write = await token('billing sync', ['accounts:write']);
    bearer.other = await token('tickets only', ['tickets:read', 'tickets:write']);
    bearer.all = await token('everything', ['accounts:read', 'accounts:write', 'tickets:read', 'tickets:write']);
  });

  /** A fresh account, contact and service, made through the API; what each route of a kind needs. */
  async function fixture() {
    const account = `acct-${uniq()}`;
    const a = await call('PUT', `/api/v1/accounts/external/${account}`, bearer.write, {
      name: `Fixture ${account}`,
      email: `${account}@example.com`,
    });
    const c = await call('POST', '/api/v1/contacts', bearer.write, {
      externalId: `contact-${uniq()}`,
      accountExternalId: account,
      name: 'Marko',
      email: `marko-${uniq()}@example.com`,
    });
    const s = await call('POST', '/api/v1/services', bearer.write, {
      externalId: `service-${uniq()}`,
      accountExternalId: account,
      name: 'vps',
      orderNumber: order(),
      product: 'VPS',
      location: 'Zagreb',
    });
    expect([a.statusCode, c.statusCode, s.statusCode]).toEqual([201, 201, 201]);
    return { account, accounts: a.json(), contacts: c.json(), services: s.json() };
  }

  const bodies = (account: string) => ({
    accounts: () => ({ name: `Acc ${uniq()}`, email: `a-${uniq()}@example.com` }),
    contacts: () => ({ accountExternalId: account, name: 'Ana', email: `ana-${uniq()}@example.com`, roles: ['billing'] }),
    services: () => ({ accountExternalId: account, name: 'box', orderNumber: order(), product: 'VPS', location: 'Zagreb' }),
  });

  it('refuses every route without a token (401) and with a token lacking its one scope (403), and serves it with the scope', async () => {
    const f = await fixture();
    const body = bodies(f.account);
    const checked: string[] = [];
    for (const kind of ['accounts', 'contacts', 'services'] as const) {
      const record = () => f[kind] as { id: string; externalId: string };
      const routes: { method: string; url: () => string; scope: 'read' | 'write'; payload?: () => unknown; ok: number[] }[] = [
        { method: 'GET', url: () => `/api/v1/${kind}?limit=5`, scope: 'read', ok: [200] },
        { method: 'GET', url: () => `/api/v1/${kind}/${record().id}`, scope: 'read', ok: [200] },
        { method: 'GET', url: () => `/api/v1/${kind}/external/${record().externalId}`, scope: 'read', ok: [200] },
        { method: 'POST', url: () => `/api/v1/${kind}`, scope: 'write', payload: body[kind], ok: [201] },
        {
          method: 'PATCH',
          url: () => `/api/v1/${kind}/${record().id}`,
          scope: 'write',
          payload: () => ({ name: `Renamed ${uniq()}` }),
          ok: [200],
        },
        { method: 'PUT', url: () => `/api/v1/${kind}/external/ext-${uniq()}`, scope: 'write', payload: body[kind], ok: [201] },
        { method: 'POST', url: () => `/api/v1/${kind}/bulk`, scope: 'write', payload: () => ({ items: [body[kind]()] }), ok: [200] },
        { method: 'DELETE', url: () => `/api/v1/${kind}/${record().id}`, scope: 'write', ok: [200] },
      ];
      for (const r of routes) {
        const what = `${r.method} ${r.url()}`;
        const anonymous = await call(r.method, r.url(), {}, r.payload?.());
        expect(anonymous.statusCode, what).toBe(401);
        for (const lacking of [bearer.other!, r.scope === 'read' ? bearer.write! : bearer.read!]) {
          const refused = await call(r.method, r.url(), lacking, r.payload?.());
          expect(refused.statusCode, what).toBe(403);
          expect(refused.json().error.code).toBe('auth.forbidden');
        }
        const allowed = await call(r.method, r.url(), bearer[r.scope], r.payload?.());
        expect(r.ok, `${what} ${allowed.body.slice(0, 300)}`).toContain(allowed.statusCode);
        checked.push(what);
      }
    }
    expect(checked).toHaveLength(24);
    // The OpenAPI document says each route's one scope.
    const doc = (await call('GET', '/api/docs/json')).json<{ paths: Record<string, Record<string, { security?: unknown }>> }>();
    expect(doc.paths['/api/v1/services/bulk']?.post?.security).toEqual([{ bearer: ['accounts:write'] }]);
    expect(doc.paths['/api/v1/contacts/{id}']?.get?.security).toEqual([{ bearer: ['accounts:read'] }]);
    // …and shows a billing system's sync by example.
    const media = (path: string, method: string) =>
      (doc.paths[path]?.[method] as { requestBody: { content: Record<string, { example?: Record<string, unknown> }> } }).requestBody
        .content['application/json']?.example;
    expect(media('/api/v1/services/external/{externalId}', 'put')).toMatchObject({
      orderNumber: '#123456',
      accountExternalId: 'whmcs-client-1042',
    });
    expect(media('/api/v1/contacts/bulk', 'post')?.items).toEqual(expect.arrayContaining([expect.objectContaining({ roles: ['owner'] })]));
    expect(media('/api/v1/accounts', 'post')).toMatchObject({ externalId: 'whmcs-client-1042' });
  });

  it('PUT by external id twice: one row; the audit log has one create by the token, nothing for the identical second', async () => {
    const ext = `whmcs-${uniq()}`;
    const body = { name: 'Primjer d.o.o.', email: 'Racuni@Primjer.hr' };
    const first = await call('PUT', `/api/v1/accounts/external/${ext}`, bearer.write, body);
    const second = await call('PUT', `/api/v1/accounts/external/${ext}`, bearer.write, body);
    expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
    expect(second.json()).toMatchObject({ id: first.json().id, externalId: ext, email: 'racuni@primjer.hr', disabledAt: null });
    expect(await ctx.db.selectFrom('accounts').select('id').where('external_id', '=', ext).execute()).toHaveLength(1);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', first.json().id).execute();
    expect(audit.map((a) => [a.action, a.actor_kind, a.actor_label])).toEqual([['create', 'api', 'billing sync']]);
    // Services too, with '#' and an address written otherwise than PostgreSQL writes it.
    const service = {
      accountExternalId: ext,
      name: 'web',
      orderNumber: `#${order()}`,
      product: 'VPS',
      location: 'Zagreb',
      ipAddresses: ['2001:0db8::0001'],
    };
    const s1 = await call('PUT', `/api/v1/services/external/svc-${ext}`, bearer.write, service);
    const s2 = await call('PUT', `/api/v1/services/external/svc-${ext}`, bearer.write, service);
    expect([s1.statusCode, s2.statusCode]).toEqual([201, 200]);
    expect(s2.json().ipAddresses).toEqual(['2001:db8::1']);
    expect(await ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', s1.json().id).execute()).toHaveLength(1);
  });

  it('a bulk with bad items stores the others and names each bad one by index and field', async () => {
    const f = await fixture();
    const items = [
      { externalId: `c-${uniq()}`, accountExternalId: f.account, name: 'Ok One', email: `ok1-${uniq()}@example.com`, roles: ['owner'] },
      { externalId: `c-${uniq()}`, accountExternalId: f.account, name: 'Bad Mail', email: 'not-an-address' },
      { externalId: `c-${uniq()}`, accountExternalId: f.account, name: 'Bad Role', email: `r-${uniq()}@example.com`, roles: ['boss'] },
      { externalId: `c-${uniq()}`, accountExternalId: f.account, name: 'Taken', email: f.contacts.email },
      { externalId: `c-${uniq()}`, name: 'No Account', email: `na-${uniq()}@example.com` },
      { externalId: `c-${uniq()}`, accountExternalId: f.account, name: 'Ok Two', email: `ok2-${uniq()}@example.com`, locale: 'en' },
      'not an object',
    ];
    const res = await call('POST', '/api/v1/contacts/bulk', bearer.write, { items });
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(result.errors.map((e: { index: number; code: string; field: string }) => [e.index, e.code, e.field])).toEqual([
      [1, 'request.invalid', 'email'],
      [2, 'request.invalid', 'roles.0'],
      [3, 'contact.email_taken', 'email'],
      [4, 'request.invalid', 'accountId'],
      [6, 'request.invalid', null],
    ]);
    expect(result.errors[0].message.hr).toBe('Unesite ispravnu adresu e-pošte.');
    const stored = await ctx.db.selectFrom('users').select('name').where('account_id', '=', f.accounts.id).orderBy('name').execute();
    expect(stored.map((u) => u.name)).toEqual(['Marko', 'Ok One', 'Ok Two']);
    // More than 1000 items is refused as a whole, before anything is written.
    const tooMany = await call('POST', '/api/v1/contacts/bulk', bearer.write, { items: Array.from({ length: 1001 }, () => items[0]) });
    expect(tooMany.statusCode).toBe(400);
  });

  it('finds by an address inside a range, a range holding an address, an order number and an external id', async () => {
    const f = await fixture();
    const num = order();
    const put = await call('PUT', `/api/v1/services/external/range-${f.account}`, bearer.write, {
      accountExternalId: f.account,
      name: 'rack',
      orderNumber: num,
      product: 'Colocation',
      location: 'Zagreb',
      ipAddresses: ['10.77.0.0/16', '2001:db8:77::5'],
    });
    expect(put.statusCode).toBe(201);
    for (const q of ['10.77.12.34', '2001:db8:77::/48', `#${num}`, f.account]) {
      const res = await call('GET', `/api/v1/accounts?q=${encodeURIComponent(q)}`, bearer.read);
      expect(
        res.json().items.map((a: { id: string }) => a.id),
        q,
      ).toEqual([f.accounts.id]);
    }
    const services = await call('GET', `/api/v1/services?q=10.77.200.1&accountId=${f.accounts.id}`, bearer.read);
    expect(services.json()).toMatchObject({ total: 1, items: [{ name: 'rack', orderNumber: num }] });
    const nothing = await call('GET', `/api/v1/accounts?q=10.78.0.1`, bearer.read);
    expect(nothing.json().items.map((a: { id: string }) => a.id)).not.toContain(f.accounts.id);
  });
});

describe('disabling, never deleting (issue 13 points 1–2)', () => {
  const ctx = useTestApp();

  it("disabling an account keeps its tickets visible to agents, ends its contacts' sessions and refuses their logins", async () => {
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const adminSession = await login(ctx.app, admin.email, { totp: await generate({ secret: admin.totpSecret! }) });
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const c = await createCustomer(ctx.db);
    const customer = await login(ctx.app, c.email);
    const filed = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject: 'Invoice question',
      description: 'Why two invoices this month?',
    });
    expect(filed.statusCode).toBe(201);
    const reference = filed.json().reference as string;

    // A row with tickets cannot be deleted at all: the foreign key refuses.
    await expect(ctx.db.deleteFrom('accounts').where('id', '=', c.accountId).execute()).rejects.toThrow(/foreign key/);

    const disabled = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/directory/accounts/${c.accountId}`,
      headers: adminSession.headers,
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabledAt).not.toBeNull();
    expect(disabled.json().counts.tickets).toBe(1);

    const afterwards = await ctx.app.inject({ url: '/api/client/account', headers: customer.headers });
    expect(afterwards.statusCode).toBe(401);
    expect(afterwards.json().error.code).toBe('auth.account_disabled');
    await expect(login(ctx.app, c.email)).rejects.toThrow(/401/);

    const seen = await ctx.app.inject({ url: `/api/agent/tickets/${reference}`, headers: agent.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().subject).toBe('Invoice question');

    const history = await ctx.app.inject({ url: `/api/agent/directory/accounts/${c.accountId}/history`, headers: agent.headers });
    expect(history.json().entries[0]).toMatchObject({ action: 'disable', actor: { kind: 'staff', id: admin.userId, label: admin.email } });

    // Agents read the directory but do not write it; enabling lets the contact in again.
    const agentWrite = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/directory/accounts/${c.accountId}`,
      headers: agent.headers,
      payload: { disabled: false },
    });
    expect(agentWrite.statusCode).toBe(403);
    const enabled = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/directory/accounts/${c.accountId}`,
      headers: adminSession.headers,
      payload: { disabled: false },
    });
    expect(enabled.json().disabledAt).toBeNull();
    expect((await login(ctx.app, c.email)).cookie).toBeTruthy();
  });

  it('a contact barred from logging in, or disabled, is logged out and cannot log in; the list finds them as disabled', async () => {
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const adminSession = await login(ctx.app, admin.email, { totp: await generate({ secret: admin.totpSecret! }) });
    const c = await createCustomer(ctx.db);
    const session = await login(ctx.app, c.email);
    const barred = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/directory/contacts/${c.userId}`,
      headers: adminSession.headers,
      payload: { canLogIn: false },
    });
    expect(barred.json()).toMatchObject({ canLogIn: false, disabledAt: null, hasPassword: true });
    expect((await ctx.app.inject({ url: '/api/client/account', headers: session.headers })).statusCode).toBe(401);
    await expect(login(ctx.app, c.email)).rejects.toThrow(/401/);
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/directory/contacts/${c.userId}`,
      headers: adminSession.headers,
      payload: { canLogIn: true, disabled: true },
    });
    await expect(login(ctx.app, c.email)).rejects.toThrow(/401/);
    const list = await ctx.app.inject({
      url: `/api/agent/directory/contacts?accountId=${c.accountId}&status=disabled`,
      headers: adminSession.headers,
    });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: c.userId }] });
  });
});

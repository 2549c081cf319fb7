import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkSignature, type LinkFields } from '../src/modules/sso/index.js';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn, type TestContext } from './helpers.js';

/**
 * Issue 13 point 4: sign-in from the billing panel. The links are signed by the very snippet the docs give providers
 * (docs/examples/billing-sso/sign-link.mjs); links the snippet cannot make (an old or future `ts`, a chosen nonce)
 * are signed with the server's own `linkSignature`, which the unit test pins to the documented canonical string.
 */
type Sign = (url: string, secret: string, who: { contact: string; email?: string; to?: string }) => string;
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SNIPPET = path.join(ROOT, 'docs/examples/billing-sso/sign-link.mjs');
let billingSsoLink: Sign;
beforeAll(async () => {
  ({ billingSsoLink } = (await import(SNIPPET)) as { billingSsoLink: Sign });
});

const ORIGIN = 'http://centrala.test';
const pathOf = (link: string) => link.slice(ORIGIN.length);
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A link with every field chosen by the test, signed with `secret`. */
function handMade(secret: string, over: Partial<LinkFields> = {}, sig?: string): string {
  const f: LinkFields = { contact: '', email: '', ts: String(nowSeconds()), nonce: randomBytes(12).toString('hex'), to: '', ...over };
  const q = new URLSearchParams({ contact: f.contact, ts: f.ts, nonce: f.nonce, sig: sig ?? linkSignature(secret, f) });
  if (f.email) q.set('email', f.email);
  if (f.to) q.set('to', f.to);
  return `/sso/billing?${q}`;
}

async function contact(ctx: TestContext, over: { password?: boolean } = {}) {
  const c = await createCustomer(ctx.db);
  const externalId = `whmcs-${randomBytes(4).toString('hex')}`;
  await ctx.db
    .updateTable('users')
    .set({ external_id: externalId, ...(over.password === false && { password_hash: null }) })
    .where('id', '=', c.userId)
    .execute();
  return { ...c, externalId };
}

async function follow(ctx: TestContext, url: string) {
  const res = await ctx.app.inject({ method: 'GET', url });
  const cookie = res.cookies.find((c) => c.name === 'centrala_session');
  return { res, location: res.headers.location, cookie };
}

async function refusalsOf(ctx: TestContext, code: string): Promise<number> {
  const r = await ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('entity', '=', 'sso')
    .where('action', '=', 'refuse')
    .where(({ ref }) => ref('after', '->>').key('code' as never), '=', code)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('sign-in from the billing panel (issue 13 point 4)', () => {
  const ctx = useTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', BILLING_SSO_LINK_SECONDS: '60' });
  let admin: LoggedIn;
  let secret: string;

  beforeAll(async () => {
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
  });

  it('shows providers, in the README and docs/billing-sso.md, the very snippet that signs these links', async () => {
    const code = await readFile(SNIPPET, 'utf8');
    for (const doc of ['README.md', 'docs/billing-sso.md']) expect(await readFile(path.join(ROOT, doc), 'utf8'), doc).toContain(code);
  });

  it('is off until an admin makes a secret and turns it on: a link is refused (404-like), with an audit row', async () => {
    const c = await contact(ctx);
    const { res, location, cookie } = await follow(ctx, pathOf(billingSsoLink(ORIGIN, 'x'.repeat(43), { contact: c.externalId })));
    expect(res.statusCode).toBe(303);
    expect(location).toBe('/sso/refused?code=sso.not_enabled');
    expect(cookie).toBeUndefined();
    expect(await refusalsOf(ctx, 'sso.not_enabled')).toBe(1);

    const on = await ctx.app.inject({ method: 'PUT', url: '/api/admin/billing-sso', headers: admin.headers, payload: { enabled: true } });
    expect(on.statusCode).toBe(409);
    expect(on.json().error.code).toBe('sso.secret_missing');
  });

  it('lets only admins see and change the settings; the secret is answered once and stored sealed', async () => {
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    for (const who of [agent, customer]) {
      expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/billing-sso', headers: who.headers })).statusCode).toBe(403);
      expect((await ctx.app.inject({ method: 'POST', url: '/api/admin/billing-sso/secret', headers: who.headers })).statusCode).toBe(403);
    }

    const made = await ctx.app.inject({ method: 'POST', url: '/api/admin/billing-sso/secret', headers: admin.headers });
    expect(made.statusCode).toBe(200);
    secret = made.json().secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const on = await ctx.app.inject({ method: 'PUT', url: '/api/admin/billing-sso', headers: admin.headers, payload: { enabled: true } });
    expect(on.json()).toMatchObject({
      enabled: true,
      secretSet: true,
      fromConfig: false,
      linkSeconds: 60,
      linkUrl: `${ORIGIN}/sso/billing`,
    });

    const view = await ctx.app.inject({ method: 'GET', url: '/api/admin/billing-sso', headers: admin.headers });
    expect(view.body).not.toContain(secret);
    const row = await ctx.db.selectFrom('billing_sso_settings').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_sealed!.includes(Buffer.from(secret))).toBe(false);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'sso').where('actor_kind', '=', 'staff').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['enable', 'update']);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('opens a client-area session (trust `session`, R9) for the contact the link names, once; a replay is refused', async () => {
    const c = await contact(ctx);
    const link = pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId, email: c.email.toUpperCase() }));
    const { res, location, cookie } = await follow(ctx, link);
    expect(res.statusCode).toBe(303);
    expect(location).toBe('/client');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `centrala_session=${cookie!.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: c.userId, kind: 'client', accountId: c.accountId });
    const session: LoggedIn = {
      cookie: `centrala_session=${cookie!.value}`,
      csrf: me.json().csrfToken,
      headers: { cookie: `centrala_session=${cookie!.value}`, 'x-csrf-token': me.json().csrfToken },
    };
    const ticket = await postForm(ctx.app, '/api/client/tickets', session, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject: 'Arrived from the billing panel',
      description: 'A question about my server, asked from the billing panel.',
    });
    expect(ticket.statusCode, ticket.body).toBe(201);
    expect(ticket.json().trust).toBe('session');

    const again = await follow(ctx, link);
    expect(again.location).toBe('/sso/refused?code=sso.link_used');
    expect(again.cookie).toBeUndefined();
    const rows = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'sso')
      .where('entity_id', '=', c.userId)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.actor_kind, r.account_id])).toEqual([
      ['sign_in', 'system', c.accountId],
      ['refuse', 'system', c.accountId],
    ]);
  });

  it('lets a contact with no password in: the link is how it signs in', async () => {
    const c = await contact(ctx, { password: false });
    const { location, cookie } = await follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId })));
    expect(location).toBe('/client');
    expect(cookie).toBeDefined();
  });

  it('refuses a link older than its lifetime or from the future beyond a small skew', async () => {
    const c = await contact(ctx);
    const at = (offset: number) => follow(ctx, handMade(secret, { contact: c.externalId, ts: String(nowSeconds() + offset) }));
    expect((await at(-61)).location).toBe('/sso/refused?code=sso.link_expired');
    expect((await at(-3600)).location).toBe('/sso/refused?code=sso.link_expired');
    expect((await at(30)).location).toBe('/sso/refused?code=sso.link_expired');
    expect((await at(5)).location).toBe('/client');
    expect((await at(-50)).location).toBe('/client');
  });

  it('refuses a forged link: another secret, a changed field, a broken signature', async () => {
    const c = await contact(ctx);
    const other = await contact(ctx);
    const refused = '/sso/refused?code=sso.signature_invalid';
    expect((await follow(ctx, pathOf(billingSsoLink(ORIGIN, `${secret}x`, { contact: c.externalId })))).location).toBe(refused);
    // A genuine link for one contact with the contact changed to another.
    const genuine = new URL(billingSsoLink(ORIGIN, secret, { contact: c.externalId }));
    genuine.searchParams.set('contact', other.externalId);
    expect((await follow(ctx, pathOf(genuine.toString()))).location).toBe(refused);
    // Signed without `to`, then sent somewhere else.
    const redirected = new URL(billingSsoLink(ORIGIN, secret, { contact: c.externalId }));
    redirected.searchParams.set('to', '/client/tickets');
    expect((await follow(ctx, pathOf(redirected.toString()))).location).toBe(refused);
    expect((await follow(ctx, handMade(secret, { contact: c.externalId }, '0'.repeat(64)))).location).toBe(refused);
    // Nothing of a forged link reached the nonces: the genuine link, untouched, still works.
    expect((await follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId })))).location).toBe('/client');
  });

  it('refuses an unknown contact, an address that is not the contact’s, and a staff user’s id', async () => {
    const c = await contact(ctx);
    const unknown = '/sso/refused?code=sso.contact_unknown';
    expect((await follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: 'whmcs-nobody' })))).location).toBe(unknown);
    expect(
      (await follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId, email: 'other@example.com' })))).location,
    ).toBe(unknown);
    const staff = await createStaff(ctx.db, 'agent');
    await ctx.db.updateTable('users').set({ external_id: 'staff-1' }).where('id', '=', staff.userId).execute();
    expect((await follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: 'staff-1' })))).location).toBe(unknown);
  });

  it('refuses a disabled contact, a contact of a disabled account, and one that may not log in', async () => {
    const disabledContact = await contact(ctx);
    await ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabledContact.userId).execute();
    const disabledAccount = await contact(ctx);
    await ctx.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', disabledAccount.accountId).execute();
    const noLogin = await contact(ctx);
    await ctx.db.updateTable('users').set({ can_log_in: false }).where('id', '=', noLogin.userId).execute();

    const go = async (c: { externalId: string }) => follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId })));
    expect((await go(disabledContact)).location).toBe('/sso/refused?code=sso.contact_disabled');
    expect((await go(disabledAccount)).location).toBe('/sso/refused?code=sso.contact_disabled');
    const refused = await go(noLogin);
    expect(refused.location).toBe('/sso/refused?code=sso.login_not_allowed');
    expect(refused.cookie).toBeUndefined();
  });

  it('lands on a client-area path the panel names, and refuses every other destination (no open redirect)', async () => {
    const c = await contact(ctx);
    const to = (target: string) => follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId, to: target })));
    expect((await to('/client/tickets/new')).location).toBe('/client/tickets/new');
    for (const target of [
      '//evil.example',
      'https://evil.example/client',
      '/\\evil.example',
      '/client/%2F%2Fevil.example',
      '/client/../admin',
      '/admin',
    ]) {
      const { location, cookie } = await to(target);
      expect(location, target).toBe('/sso/refused?code=sso.redirect_invalid');
      expect(cookie, target).toBeUndefined();
    }
  });

  it('answers a malformed link with the refusal page, never an error page or a 500', async () => {
    const c = await contact(ctx);
    const bad = [
      '/sso/billing',
      `/sso/billing?contact=${c.externalId}`,
      handMade(secret, { contact: c.externalId, nonce: 'short' }),
      handMade(secret, { contact: c.externalId, ts: 'yesterday' }),
      `/sso/billing?contact=${'x'.repeat(5000)}&ts=1&nonce=${'n'.repeat(20)}&sig=${'0'.repeat(64)}`,
      `/sso/billing?contact=a%00b&ts=1&nonce=${'n'.repeat(20)}&sig=${'0'.repeat(64)}`,
      `/sso/billing?contact=a&contact=b&ts=1&nonce=${'n'.repeat(20)}&sig=${'0'.repeat(64)}`,
    ];
    for (const url of bad) {
      const { res, location } = await follow(ctx, url);
      expect(res.statusCode, url).toBe(303);
      expect(location, url).toBe('/sso/refused?code=sso.link_invalid');
    }
  });

  it('stops accepting links signed with a secret once it is rotated', async () => {
    const c = await contact(ctx);
    const old = secret;
    const rotated = await ctx.app.inject({ method: 'POST', url: '/api/admin/billing-sso/secret', headers: admin.headers });
    secret = rotated.json().secret;
    expect(secret).not.toBe(old);
    expect((await follow(ctx, pathOf(billingSsoLink(ORIGIN, old, { contact: c.externalId })))).location).toBe(
      '/sso/refused?code=sso.signature_invalid',
    );
    expect((await follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId })))).location).toBe('/client');
  });

  it('refuses every link once an admin turns it off', async () => {
    const c = await contact(ctx);
    await ctx.app.inject({ method: 'PUT', url: '/api/admin/billing-sso', headers: admin.headers, payload: { enabled: false } });
    expect((await follow(ctx, pathOf(billingSsoLink(ORIGIN, secret, { contact: c.externalId })))).location).toBe(
      '/sso/refused?code=sso.not_enabled',
    );
  });

  it('keeps a used nonce until its link has expired, then sweeps it', async () => {
    await ctx.db
      .insertInto('billing_sso_nonces')
      .values([
        { nonce: 'expired-nonce-0000', expires_at: new Date(Date.now() - 1000) },
        { nonce: 'current-nonce-0000', expires_at: new Date(Date.now() + 60_000) },
      ])
      .execute();
    const { buildModules } = await import('../src/modules.js');
    await buildModules({ config: ctx.config, db: ctx.db }).sso.signIn.deleteExpiredNonces();
    const left = await ctx.db.selectFrom('billing_sso_nonces').select('nonce').where('nonce', 'like', '%-nonce-0000').execute();
    expect(left.map((r) => r.nonce)).toEqual(['current-nonce-0000']);
  });
});

describe('sign-in from the billing panel with BILLING_SSO_SECRET set', () => {
  const SECRET = 'a-secret-from-the-servers-config-0123456789';
  const ctx = useTestApp({ BILLING_SSO_SECRET: SECRET, LOGIN_RATE_LIMIT_PER_MINUTE: '3' });

  it('is on with the config’s secret, which the admin page cannot change', async () => {
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    const admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    const view = await ctx.app.inject({ method: 'GET', url: '/api/admin/billing-sso', headers: admin.headers });
    expect(view.json()).toMatchObject({ enabled: true, secretSet: true, fromConfig: true });
    expect(view.body).not.toContain(SECRET);
    const rotate = await ctx.app.inject({ method: 'POST', url: '/api/admin/billing-sso/secret', headers: admin.headers });
    expect(rotate.json().error.code).toBe('sso.secret_from_config');
    const off = await ctx.app.inject({ method: 'PUT', url: '/api/admin/billing-sso', headers: admin.headers, payload: { enabled: false } });
    expect(off.json().error.code).toBe('sso.secret_from_config');
  });

  it('is rate-limited as the login is (LOGIN_RATE_LIMIT_PER_MINUTE per client address)', async () => {
    const c = await contact(ctx);
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push((await follow(ctx, pathOf(billingSsoLink(ORIGIN, SECRET, { contact: c.externalId })))).res.statusCode);
    expect(answers).toEqual([303, 303, 303, 429]);
  });
});

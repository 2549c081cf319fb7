import { randomBytes } from 'node:crypto';
import type { ApiScope } from '@centrala/contracts';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../src/modules/auth/index.js';
import { createCustomer, createStaff, login, useTestApp, type LoggedIn } from './helpers.js';

/**
 * What issue 13 added, as a hostile client sends it: every answer a 4xx with a stable code, never a 500. Each case
 * here failed on a running server before its fix.
 */
describe('issue 13 against a hostile client', () => {
  const ctx = useTestApp();
  const bearer: Partial<Record<ApiScope, Record<string, string>>> = {};
  let agentSession: LoggedIn;
  let adminSession: LoggedIn;

  beforeAll(async () => {
    await createCustomer(ctx.db);
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    adminSession = await login(ctx.app, admin.email, { totp: await generate({ secret: admin.totpSecret! }) });
    const agent = await createStaff(ctx.db, 'agent');
    agentSession = await login(ctx.app, agent.email);
    for (const scope of ['accounts:read', 'accounts:write', 'tickets:read', 'tickets:write'] as const) {
      const { secret } = await apiTokens(ctx.db).create({ name: `hostile ${scope}`, scopes: [scope], createdBy: admin.userId });
      bearer[scope] = { authorization: `Bearer ${secret}` };
    }
  });

  describe('a made-up cursor whose time has the right shape but is no instant', () => {
    const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const id = '00000000-0000-0000-0000-000000000000';
    const times = ['2026-99-99T99:99:99.000000Z', '0000-01-01T00:00:00.000000Z', '2026-12-31T23:59:60.000000Z'];

    it.each(times)('the tickets API refuses %s as request.invalid on cursor', async (time) => {
      const res = await ctx.app.inject({ url: `/api/v1/tickets?cursor=${cursor([time, id])}`, headers: bearer['tickets:read'] });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'request.invalid', fields: [{ path: 'cursor' }] } });
    });

    it.each(times)("the agents' queue starts from the top for %s, as for any cursor not its own", async (time) => {
      for (const [query, key] of [
        ['', { scope: 0, key: [0, time, time, id] }],
        ['&status=resolved', { scope: 0, key: [time, id] }],
      ] as const) {
        const res = await ctx.app.inject({ url: `/api/agent/tickets?cursor=${cursor(key)}${query}`, headers: agentSession.headers });
        expect(res.statusCode, res.body).toBe(200);
      }
    });
  });

  describe('an import file holding text the API refuses (NUL, a lone surrogate)', () => {
    const upload = (fileName: string, content: string) => {
      const boundary = `----hostile${randomBytes(8).toString('hex')}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\naccounts\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`),
        Buffer.from(content),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return ctx.app.inject({
        method: 'POST',
        url: '/api/admin/imports',
        headers: { ...adminSession.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };

    // Passed the dry run as ready, then the import job failed on PostgreSQL's "invalid byte sequence 0x00", retried.
    it.each([
      ['a CSV cell with NUL', 'nul.csv', 'external_id,name,email\nnul-1,Ac\u0000me,nul1@example.com\n', 'name'],
      ['a CSV external id with NUL', 'nul.csv', 'external_id,name,email\nnu\u0000l-2,Acme,nul2@example.com\n', 'external_id'],
      ['a JSON string with NUL', 'nul.json', '[{"externalId":"nul-3","name":"a\\u0000b","email":"nul3@example.com"}]', 'name'],
      [
        'a JSON string with a lone surrogate',
        'half.json',
        '[{"externalId":"half-1","name":"a\\ud800b","email":"half1@example.com"}]',
        'name',
      ],
    ])("%s is that row's error in the dry run", async (_, fileName, content, column) => {
      const res = await upload(fileName, content);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ state: 'invalid', errors: [{ column, code: 'control_character' }] });
    });
  });

  // A 6 MB file of a million bad rows held the event loop for its whole dry run (28 s on a running server): every
  // other request, any user's, waited for it.
  it('a big dry run leaves the server answering other requests meanwhile', async () => {
    const boundary = `----hostile${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\naccounts\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n`),
      Buffer.from('external_id,name,email\n' + 'x,y,z\n'.repeat(200_000)),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    let dryRunDone = false;
    const dryRun = ctx.app
      .inject({
        method: 'POST',
        url: '/api/admin/imports',
        headers: { ...adminSession.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      })
      .finally(() => (dryRunDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const other = await ctx.app.inject({ url: '/api/auth/me', headers: agentSession.headers });
    expect(other.statusCode).toBe(200);
    expect(dryRunDone).toBe(false);
    expect((await dryRun).json()).toMatchObject({ state: 'invalid', totalRows: 200_000 });
  });

  // IPv6 forms that carry an IPv4 address, or are private by another (older) name, passed the guard: none reached
  // the loopback on this machine, but a provider's network (a NAT64 or 6to4 gateway, old site-local routing) may.
  it.each([
    'https://[::7f00:1]/', // IPv4-compatible (deprecated): 127.0.0.1
    'https://[::ffff:0:7f00:1]/', // IPv4-translated (SIIT): 127.0.0.1
    'https://[64:ff9b:1::a00:1]/', // local-use NAT64 (RFC 8215): 10.0.0.1
    'https://[2002:a00:1::]/', // 6to4: 10.0.0.1
    'https://[2001::7f00:1]/', // Teredo and the other IETF protocol assignments
    'https://[fec0::1]/', // site-local (deprecated)
  ])('a webhook to %s is refused as not public', async (url) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      headers: adminSession.headers,
      payload: { url, eventTypes: ['ticket.created'] },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'webhook.url_refused' } });
  });
});

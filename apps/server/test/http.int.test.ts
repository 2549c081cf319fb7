import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { createCustomer, departmentId, login, postForm, useTestApp } from './helpers.js';

const METRICS_TOKEN = 'metrics-token-for-the-tests';

describe('bad input gets a 4xx with a stable code, never a 500 (issue 2)', () => {
  const ctx = useTestApp({ BODY_LIMIT_BYTES: '2048' });

  it('malformed JSON', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid_json', message: { hr: expect.stringContaining('JSON') } });
  });

  it('an empty JSON body', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('request.invalid_json');
  });

  it('an oversized body', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@example.com', password: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('request.too_large');
  });

  it('a body that is not JSON', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=a',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('request.unsupported_media_type');
  });

  it('JSON of the wrong shape', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: [1, 2, 3] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('request.invalid');
  });

  it('an unknown API route', async () => {
    const res = await ctx.app.inject({ url: '/api/no/such/thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route.not_found');
  });

  it('a body that is not JSON is told to come as application/json, the format the route takes', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=a',
    });
    expect(res.json().error.message).toEqual({
      en: 'Send the request body as application/json.',
      hr: 'Pošaljite tijelo zahtjeva kao application/json.',
    });
  });
});

describe('operations endpoints', () => {
  const ctx = useTestApp({ METRICS_TOKEN: METRICS_TOKEN });

  it('answers health, readiness, metrics and the OpenAPI document', async () => {
    expect((await ctx.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    await ctx.app.inject({ url: '/api/auth/me' });
    const metrics = await ctx.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.body).toContain('centrala_http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/api/auth/me"');
    const openapi = (await ctx.app.inject({ url: '/api/docs/json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/client/account', '/api/v1/accounts/{id}']));
  });

  it('sends security headers', async () => {
    const res = await ctx.app.inject({ url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('what the server gives away (issue 9 point 13)', () => {
  const ctx = useTestApp({ METRICS_TOKEN });
  const withoutToken = useTestApp();

  it('serves /metrics only for the METRICS_TOKEN, and not at all without one', async () => {
    expect((await ctx.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await ctx.app.inject({ url: '/metrics', headers: { authorization: 'Bearer not-the-token' } })).statusCode).toBe(401);
    const ok = await ctx.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('centrala_http_request_duration_seconds');
    expect((await withoutToken.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode).toBe(
      404,
    );
  });

  it('logs no credential-like query parameter', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = await buildApp({ config: ctx.config, db: ctx.db, logger: createLogger('info', sink), databaseUrl: ctx.databaseUrl });
    try {
      await app.inject({
        url: '/api/auth/me?access_token=SECRET-A&api_key=SECRET-B&client_secret=SECRET-C&password=SECRET-D&token=SECRET-E&code=SECRET-F&totp=SECRET-G&jwt=SECRET-H&q=visible',
      });
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('/api/auth/me?access_token=[redacted]');
    expect(log).toContain('q=visible');
    expect(log).not.toMatch(/SECRET-/);
  });

  it('lets no browser or proxy keep API answers or attachments; a public answer keeps its own', async () => {
    const customer = await createCustomer(ctx.db);
    const session = await login(ctx.app, customer.email);
    expect((await ctx.app.inject({ url: '/api/client/account', headers: session.headers })).headers['cache-control']).toBe('no-store');
    expect((await ctx.app.inject({ url: '/api/auth/me' })).headers['cache-control']).toBe('no-store');
    expect((await ctx.app.inject({ url: '/api/public/contact' })).headers['cache-control']).toBe('public, max-age=60');

    const created = await postForm(
      ctx.app,
      '/api/client/tickets',
      session,
      {
        departmentId: await departmentId(ctx.db, 'technical'),
        priority: 'regular',
        subject: 'Log attached',
        description: 'See the log.',
        serviceId: null,
      },
      [{ filename: 'log.txt', content: 'a private log\n' }],
    );
    expect(created.statusCode, created.body).toBe(201);
    const file = await ctx.db.selectFrom('attachments').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const download = await ctx.app.inject({ url: `/api/client/attachments/${file.id}`, headers: session.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['cache-control']).toBe('private, no-store');
  });
});

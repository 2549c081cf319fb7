import { STATUS_CODES } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { buildNode, createCustomer, departmentId, login, postForm, useTestApp } from './helpers.js';

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

  it('a URL with a broken %-escape answers in the one error shape', async () => {
    const res = await ctx.app.inject({ url: '/api/client/tickets/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid_url', message: { hr: expect.any(String) } });
  });

  it('HTTP the parser refuses answers in the one error shape and closes the connection', async () => {
    const app = await buildNode(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    /** What the server answers to `raw`, up to its closing the connection. */
    const send = (raw: string) =>
      new Promise<string>((resolve, reject) => {
        let answer = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(raw));
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    try {
      for (const [raw, status, code] of [
        ['GET /api/auth/me HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 400, 'request.malformed_http'],
        ['NOT-A-METHOD / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'request.malformed_http'],
        [`GET /api/auth/me?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'request.headers_too_large'],
      ] as const) {
        const answer = await send(raw);
        expect(answer.split('\r\n')[0], raw.slice(0, 30)).toBe(`HTTP/1.1 ${status} ${STATUS_CODES[status]}`);
        expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error).toMatchObject({ code, message: { hr: expect.any(String) } });
      }
    } finally {
      await app.close();
    }
  });

  it('a request arriving while the node drains gets 503 service.unavailable with Retry-After, in the one error shape', async () => {
    const app = await buildNode(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    let answer = '';
    const socket = connect(port, '127.0.0.1');
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (chunk) => (answer += chunk));
    const body = JSON.stringify({ email: 'nobody@example.hr', password: 'not the password' });
    // A request in flight (its body not all sent) keeps the connection busy while the drain begins …
    socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n{`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = app.close();
    // … and the next request on that connection arrives during the drain.
    socket.write(`${body.slice(1)}GET /api/auth/me HTTP/1.1\r\nHost: x\r\n\r\n`);
    await Promise.race([ended, closed.then(() => ended)]);
    await closed;
    const second = answer.slice(answer.indexOf('HTTP/1.1', 1));
    expect(second.split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
    expect(second.toLowerCase()).toContain('retry-after: 5');
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)).error).toMatchObject({
      code: 'service.unavailable',
      message: { hr: expect.any(String) },
    });
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

  it('a path parameter longer than the router takes (issue 11 point 4: its own code, at the status Fastify gives it)', async () => {
    const res = await ctx.app.inject({ url: `/api/client/services/${'a'.repeat(200)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json().error).toMatchObject({ code: 'request.param_too_long', message: { hr: expect.any(String) } });
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
    const app = await buildNode(ctx, { logger: createLogger('info', sink) });
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

import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers.js';

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
  const ctx = useTestApp();

  it('answers health, readiness, metrics and the OpenAPI document', async () => {
    expect((await ctx.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    await ctx.app.inject({ url: '/api/auth/me' });
    const metrics = await ctx.app.inject({ url: '/metrics' });
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

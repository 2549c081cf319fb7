import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers.js';

/** A built web app as apps/web's build leaves it: hashed assets with .br and .gz beside them. */
function builtWebApp(): { dir: string; script: string } {
  // Under a folder named "assets" itself: only the app's own assets/ folder holds hashed names.
  const parent = path.join(mkdtempSync(path.join(os.tmpdir(), 'centrala-web-')), 'assets');
  mkdirSync(parent);
  const dir = mkdtempSync(path.join(parent, 'dist-'));
  mkdirSync(path.join(dir, 'assets'));
  const script = `console.log(${JSON.stringify('Centrala '.repeat(400))});`;
  for (const [name, content] of [
    ['index.html', '<!doctype html><div id="root"></div>'],
    ['assets/index-Abc123.js', script],
  ] as const) {
    writeFileSync(path.join(dir, name), content);
    writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(content));
    writeFileSync(path.join(dir, `${name}.gz`), gzipSync(content));
  }
  return { dir, script };
}

describe('the web app is served compressed and cached by its hashed names', () => {
  const web = builtWebApp();
  const ctx = useTestApp({ WEB_DIST_DIR: web.dir });
  const asset = '/assets/index-Abc123.js';

  it('sends the brotli file to a browser that accepts it, and keeps the asset for a year', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(web.script.length / 4);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('sends gzip, or the file itself, to clients that take nothing better', async () => {
    const gz = await ctx.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await ctx.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(web.script);
  });

  it("answers a client-side route with index.html that browsers check again on every visit (a release's new asset names reach them)", async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/client/tickets', headers: { 'accept-encoding': 'identity' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers the site root with index.html, to a client that asks for no compression too', async () => {
    for (const headers of [{}, { 'accept-encoding': 'gzip, deflate, br' }]) {
      const res = await ctx.app.inject({ method: 'GET', url: '/', headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it("answers an asset a release has replaced with 404, not the app's page", async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/assets/QueuePage-Old123.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it("answers the static files' own refusals in the one error shape, each code with its listed status (issue 11 point 4)", async () => {
    for (const [url, headers, status, code] of [
      [asset, { range: 'bytes=999999-' }, 416, 'request.range_not_satisfiable'],
      [asset, { 'if-match': '"not-this-version"' }, 412, 'request.precondition_failed'],
      ['/assets/index-Abc123%00.js', {}, 403, 'request.forbidden_path'],
    ] as const) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity', ...headers } });
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error).toMatchObject({ code, message: { hr: expect.any(String) } });
    }
  });

  it('still answers an unknown API route with the JSON error, not the web app', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route.not_found');
  });
});

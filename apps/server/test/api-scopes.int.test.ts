import { randomUUID } from 'node:crypto';
import { ApiScope } from '@centrala/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../src/modules/auth/index.js';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp } from './helpers.js';

/**
 * Issue 13 point 5: every token route (`/api/v1/*`) of the API document against its scope. Each declares the one
 * scope it needs in its schema (`security: [{ bearer: [scope] }]`), which the docs show and this test reads: without a
 * token it is 401; with a token holding every scope but that one, 403; with a revoked token holding it, 401; with its
 * scope, neither. The refusals come before the body is validated, so they are asked with a body no route takes; the
 * scope's own request sends the documented example when there is one. Generated from the document, so a route added
 * later is checked the day it is added.
 */

interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { example?: unknown }> };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

describe('every /api/v1 route against its declared scope (issue 13 point 5)', () => {
  const ctx = useTestApp();
  const tokens: Partial<Record<ApiScope | 'revoked' | `all but ${ApiScope}`, string>> = {};
  let reference = '';

  beforeAll(async () => {
    const admin = await createStaff(ctx.db, 'admin');
    const store = apiTokens(ctx.db);
    const make = async (scopes: ApiScope[]) =>
      (await store.create({ name: `scopes ${scopes.join(' ')}`, scopes, createdBy: admin.userId })).secret;
    for (const scope of ApiScope.options) {
      tokens[scope] = await make([scope]);
      tokens[`all but ${scope}`] = await make(ApiScope.options.filter((s) => s !== scope));
    }
    const revoked = await store.create({ name: 'revoked', scopes: [...ApiScope.options], createdBy: admin.userId });
    await store.revoke(revoked.token.id);
    tokens.revoked = revoked.secret;

    const customer = await createCustomer(ctx.db);
    const ticket = await postForm(ctx.app, '/api/client/tickets', await login(ctx.app, customer.email), {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject: 'A ticket the routes name',
      description: 'Every route that takes a reference gets this one.',
    });
    reference = ticket.json<{ reference: string }>().reference;
  });

  it('refuses without a token, without the scope and with a revoked token; lets the declared scope through', async () => {
    await ctx.app.ready();
    const doc = ctx.app.swagger() as unknown as Doc;
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
    // The tickets API and the accounts read at least; the directory's routes join the day they are added.
    expect(routes.length).toBeGreaterThanOrEqual(8);

    const problems: string[] = [];
    for (const { path, method, op } of routes) {
      const name = `${method} ${path}`;
      const declared = op.security?.flatMap((s) => s.bearer ?? []) ?? [];
      if (declared.length !== 1 || !ApiScope.safeParse(declared[0]).success) {
        problems.push(`${name}: declares ${JSON.stringify(op.security)}, not one bearer scope`);
        continue;
      }
      const scope = declared[0] as ApiScope;
      const url = path.replace('{reference}', reference).replace(/\{[^}]+\}/g, () => randomUUID());
      // The schema's first example, which the document shows as the body's `example`.
      const example = op.requestBody?.content['application/json']?.example;
      const wrongBody = { 'not a field of any route': [1] };
      const send = (token: string | undefined, payload: unknown) =>
        ctx.app.inject({
          method: method as 'GET',
          url,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(payload === undefined || method === 'GET' ? {} : { payload: payload as object }),
        });
      const expectStatus = async (
        who: string,
        token: string | undefined,
        payload: unknown,
        wanted: (s: number) => boolean,
        what: string,
      ) => {
        const res = await send(token, payload);
        if (!wanted(res.statusCode)) problems.push(`${name} ${who}: ${res.statusCode} ${res.body.slice(0, 160)}, expected ${what}`);
      };
      await expectStatus('without a token', undefined, wrongBody, (s) => s === 401, '401');
      await expectStatus(`without ${scope}`, tokens[`all but ${scope}`], wrongBody, (s) => s === 403, '403');
      await expectStatus('with a revoked token', tokens.revoked, wrongBody, (s) => s === 401, '401');
      await expectStatus(`with ${scope}`, tokens[scope], example, (s) => s !== 401 && s !== 403 && s < 500, 'neither 401 nor 403');
    }
    expect(problems).toEqual([]);
  });
});

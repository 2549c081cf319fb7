import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, ticketForm, useTestApp, type LoggedIn } from './helpers.js';

/**
 * Issue 9 point 11: every route of the API document, as every kind of caller,
 * gets the same families of bad input in each of its path parameters, query
 * parameters and body fields (a multipart form's `payload` fields too), and
 * none may answer 5xx. Generated from the document: a new route is covered
 * the day it is added.
 */

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  default?: unknown;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: boolean;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}
interface Operation {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const HUGE = 'x'.repeat(100_000);
/** Text families: sent in every string slot (path, query, body field). */
const TEXTS: Record<string, string> = {
  nul: 'a\u0000b',
  controls: 'a\u0001\u0007\u001b[31mb\u007f',
  huge: HUGE,
  hugeNul: `${HUGE}\u0000`,
  ipv4Like: '999.999.999.999',
  ipv6Like: '1:2:3',
  ipColon: 'abc:',
  ipv6Bad: '1::2::3',
  notUuid: 'not-a-uuid',
  almostUuid: '00000000-0000-0000-0000-00000000000g',
  bogusCursor: 'eyJ0IjoiYm9ndXMifQ',
  brokenCursor: '%%%~!',
  loneSurrogate: '\ud800',
  tsquery: "!!(&|:*'\\",
  empty: '',
};
/** Wrong JSON types: sent in every body field. */
const VALUES: Record<string, unknown> = {
  number: 1e30,
  negative: -1,
  boolean: true,
  null: null,
  array: ['a', 'b'],
  object: { a: { b: 'c' } },
};

describe('bad input on every route of the API document (issue 9 point 11)', () => {
  const ctx = useTestApp();
  const callers: Record<string, Record<string, string>> = { anonymous: {} };
  /** Real values by field name, so a request gets past "not found" to where the text is written. */
  const known: Record<string, string> = {};

  beforeAll(async () => {
    const customer = await createCustomer(ctx.db, { services: [{ name: 'web-1', ips: ['192.0.2.10'] }] });
    const agent = await createStaff(ctx.db, 'agent');
    const admin = await createStaff(ctx.db, 'admin', { totp: true });
    const sessions: Record<string, LoggedIn> = {
      customer: await login(ctx.app, customer.email),
      agent: await login(ctx.app, agent.email),
      admin: await login(ctx.app, admin.email, { totp: await generate({ secret: admin.totpSecret! }) }),
    };
    for (const [name, s] of Object.entries(sessions)) callers[name] = s.headers;
    const token = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/api-tokens',
      headers: sessions.admin!.headers,
      payload: { name: 'fuzz', scopes: ['accounts:read', 'accounts:write', 'tickets:read', 'tickets:write'] },
    });
    callers.token = { authorization: `Bearer ${token.json<{ secret: string }>().secret}` };
    const technical = await departmentId(ctx.db, 'technical');
    const ticket = await postForm(ctx.app, '/api/client/tickets', sessions.customer!, {
      departmentId: technical,
      priority: 'regular',
      subject: 'A ticket to aim at',
      description: 'Bad input goes to this ticket.',
    });
    Object.assign(known, {
      reference: ticket.json<{ reference: string }>().reference,
      departmentId: technical,
      department: technical,
      serviceId: customer.services[0]!.id,
      assigneeId: agent.userId,
      accountId: customer.accountId,
    });
  });

  it('answers no 5xx to NUL and control characters, huge strings, wrong types, IP-like text, invalid UUIDs and cursors', async () => {
    await ctx.app.ready();
    const doc = ctx.app.swagger() as unknown as Doc;
    const requests: Probe[] = [];
    // Logging out ends the callers' sessions: last.
    const paths = Object.keys(doc.paths).sort((a, b) => Number(a.includes('logout')) - Number(b.includes('logout')) || a.localeCompare(b));
    for (const path of paths) {
      for (const [method, op] of Object.entries(doc.paths[path]!)) {
        for (const [caller, headers] of Object.entries(callers)) requests.push(...probes(path, method.toUpperCase(), op, caller, headers));
      }
    }
    expect(paths.length).toBeGreaterThan(30);

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < requests.length; i += 16) {
      await Promise.all(
        requests.slice(i, i + 16).map(async (p) => {
          const res = await ctx.app.inject({ method: p.method as 'GET', url: p.url, headers: p.headers, payload: p.payload });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            failures.push(`${res.statusCode} ${p.method} ${p.url.slice(0, 120)} [${p.caller}: ${p.what}] ${res.body.slice(0, 200)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    // The probes reached the routes (not only 401s), and the server still answers.
    expect(requests.length).toBeGreaterThan(3000);
    expect(statuses.get(400)).toBeGreaterThan(1000);
    expect((await ctx.app.inject({ url: '/api/public/contact' })).statusCode).toBe(200);
    const account = await ctx.app.inject({ url: `/api/v1/accounts/${known.accountId}`, headers: callers.token });
    expect(account.statusCode).toBe(200);
  }, 120_000);

  interface Probe {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
    caller: string;
    what: string;
  }

  /** The route's requests: its example request with one slot at a time replaced by each family. */
  function probes(template: string, method: string, op: Operation, caller: string, headers: Record<string, string>): Probe[] {
    const pathNames = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const paramSchema = (name: string) => op.parameters?.find((p) => p.name === name)?.schema;
    const pathValues = Object.fromEntries(pathNames.map((n) => [n, known[n] ?? String(example(paramSchema(n), n) ?? 'x')]));
    const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    const content = op.requestBody?.content ?? {};
    const multipart = content['multipart/form-data']?.schema.properties?.payload;
    const json = content['application/json']?.schema;
    const bodySchema = multipart ?? json;
    const baseBody = bodySchema ? example(bodySchema) : undefined;

    const build = (
      what: string,
      pathOver: Record<string, string> = {},
      query: [string, string][] = [],
      body: unknown = baseBody,
      rawPayload?: string,
    ): Probe => {
      const path = template.replace(/\{(\w+)\}/g, (_, n: string) => encoded(pathOver[n] ?? pathValues[n]!));
      const qs = query.map(([k, v]) => `${encoded(k)}=${encoded(v)}`).join('&');
      const url = qs ? `${path}?${qs}` : path;
      if (multipart) {
        const form = ticketForm(body, [{ filename: 'note.txt', content: 'a small file\n', type: 'text/plain' }]);
        const payload =
          rawPayload === undefined
            ? form.payload
            : Buffer.from(form.payload.toString('latin1').replace(JSON.stringify(body), rawPayload), 'latin1');
        return { method, url, headers: { ...headers, ...form.headers }, payload, caller, what };
      }
      if (bodySchema || method !== 'GET') {
        return body === undefined
          ? { method, url, headers, caller, what }
          : { method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body), caller, what };
      }
      return { method, url, headers, caller, what };
    };

    const out: Probe[] = [build('example')];
    for (const [family, text] of Object.entries(TEXTS)) {
      for (const n of pathNames) if (text !== '') out.push(build(`path ${n}: ${family}`, { [n]: text }));
      for (const n of queryNames) out.push(build(`query ${n}: ${family}`, {}, [[n, text]]));
    }
    // A query parameter given twice is an array, a type no query schema takes.
    for (const n of queryNames)
      out.push(
        build(`query ${n}: twice`, {}, [
          [n, 'a'],
          [n, 'b'],
        ]),
      );
    if (bodySchema) {
      for (const leaf of leaves(baseBody)) {
        for (const [family, value] of [...Object.entries(TEXTS), ...Object.entries(VALUES)]) {
          out.push(build(`body ${leaf.join('.')}: ${family}`, {}, [], replaced(baseBody, leaf, value)));
        }
      }
      for (const [family, value] of Object.entries(VALUES)) out.push(build(`body: ${family}`, {}, [], value));
      if (multipart) for (const [family, text] of Object.entries(TEXTS)) out.push(build(`payload part: ${family}`, {}, [], baseBody, text));
    }
    return out;
  }

  /** A value the schema takes, as far as it can tell; real ids where the field's name says what it is. */
  function example(s: Schema | undefined, name = ''): unknown {
    if (!s) return undefined;
    if (known[name]) return known[name];
    if (s.default !== undefined) return s.default;
    if (s.enum) return s.enum[0];
    const variants = s.anyOf ?? s.oneOf;
    if (variants)
      return example(
        variants.find((v) => v.type !== 'null'),
        name,
      );
    switch (s.type) {
      case 'object':
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, example(v, k)]));
      case 'array':
        return s.minItems ? [example(s.items)] : [];
      case 'integer':
      case 'number':
        return (s.minimum ?? 1) + (s.exclusiveMinimum ? 1 : 0);
      case 'boolean':
        return false;
      case 'string': {
        if (s.format === 'uuid') return randomUUID();
        if (s.format === 'email') return `fuzz-${randomUUID().slice(0, 8)}@example.com`;
        const candidates = [
          `${'Example text '.repeat(Math.ceil((s.minLength ?? 0) / 13) + 1)}`.trim(),
          'abcdef',
          '123456',
          '2024-01-01T10:00',
          '09:00',
        ];
        const fits = candidates.find((c) => !s.pattern || new RegExp(s.pattern).test(c));
        return fits ?? 'x';
      }
    }
    return 'x';
  }
});

/** For a URL; a lone surrogate has no UTF-8, so it goes as the bytes a careless encoder would make of it (invalid UTF-8). */
function encoded(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}

/** The paths to each leaf (a value that is no plain object) of an example body. */
function leaves(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return at.length ? [at] : [];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
}

function replaced(value: unknown, path: string[], by: unknown): unknown {
  if (!path.length) return by;
  const copy = { ...(value as Record<string, unknown>) };
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), by);
  return copy;
}

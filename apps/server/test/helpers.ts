import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Logger } from 'pino';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig, type Config } from '../src/config.js';
import { createDb, type Db } from '../src/db/pool.js';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { buildModules } from '../src/modules.js';
import { hashPassword, newTotpSecret } from '../src/modules/auth/index.js';

export interface TestContext {
  db: Db;
  app: FastifyInstance;
  config: Config;
  databaseUrl: string;
  /** The file's own DATA_DIR (attachments land here). */
  dataDir: string;
}

/**
 * Gives the calling test file its own database, cloned from the migrated
 * template, and an app on it; both are gone after the file.
 */
export function useTestApp(env: Record<string, string> = {}): TestContext {
  const ctx = {} as TestContext;
  let pool: pg.Pool;
  let dbName: string;
  beforeAll(async () => {
    const server = inject('pgServerUrl');
    dbName = `${inject('templateDatabase')}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: `${server}/postgres` });
    await admin.connect();
    await admin.query(`create database ${dbName} template ${inject('templateDatabase')}`);
    await admin.end();
    ctx.databaseUrl = `${server}/${dbName}`;
    const created = createDb(ctx.databaseUrl, 5);
    pool = created.pool;
    ctx.db = created.db;
    ctx.dataDir = await mkdtemp(path.join(os.tmpdir(), 'centrala-test-data-'));
    ctx.config = loadConfig({
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://centrala.test',
      WEB_DIST_DIR: '/nonexistent',
      DATA_DIR: ctx.dataDir,
      // A test files many tickets and replies as one customer in a moment; the limits' own tests set them.
      TICKET_LIMIT_PER_MINUTE: '0',
      REPLY_LIMIT_PER_MINUTE: '0',
      ...env,
    });
    ctx.app = await buildNode(ctx);
  });
  afterAll(async () => {
    await ctx.app?.close();
    await pool?.end();
    const admin = new pg.Client({ connectionString: `${inject('pgServerUrl')}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    if (ctx.dataDir) await rm(ctx.dataDir, { recursive: true, force: true });
  });
  return ctx;
}

/**
 * An HTTP node as `centrala serve` makes one: its modules built once on `db`
 * (by default the file's own pool; another pool stands for another process or
 * node), then the app on them.
 */
export function buildNode(
  ctx: Pick<TestContext, 'config' | 'db' | 'databaseUrl'>,
  { db = ctx.db, logger = createLogger('silent') }: { db?: Db; logger?: Logger } = {},
): Promise<FastifyInstance> {
  return buildApp({ config: ctx.config, modules: buildModules({ config: ctx.config, db }), logger, databaseUrl: ctx.databaseUrl });
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

export const PASSWORD = 'correct horse battery';

export async function createCustomer(db: Db, opts: { services?: { name: string; ips?: string[] }[] } = {}) {
  const u = unique();
  const email = `customer-${u}@example.com`;
  const account = await db
    .insertInto('accounts')
    .values({ name: `Customer ${u}`, email })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({ kind: 'client', account_id: account.id, role: null, email, name: `Client ${u}`, password_hash: await hashPassword(PASSWORD) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const services = [];
  for (const s of opts.services ?? [{ name: `server-${u}` }]) {
    const order = String(100000 + Math.floor(Math.random() * 899999));
    services.push(
      await db
        .insertInto('services')
        .values({
          account_id: account.id,
          name: s.name,
          order_number: order,
          product: 'VPS',
          location: 'Zagreb',
          ip_addresses: s.ips ?? [],
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return { accountId: account.id, userId: user.id, email, services };
}

export async function createStaff(db: Db, role: 'agent' | 'admin', opts: { totp?: boolean } = {}) {
  const u = unique();
  const email = `${role}-${u}@centrala.test`;
  const totpSecret = opts.totp ? newTotpSecret() : null;
  const user = await db
    .insertInto('users')
    .values({
      kind: 'staff',
      account_id: null,
      role,
      email,
      name: `${role} ${u}`,
      password_hash: await hashPassword(PASSWORD),
      totp_secret: totpSecret,
      totp_enabled: totpSecret !== null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: user.id, email, totpSecret };
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  /** Headers for a cookie-authenticated request, with the CSRF token. */
  headers: Record<string, string>;
}

export async function login(app: FastifyInstance, email: string, extra: { totp?: string } = {}): Promise<LoggedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD, ...extra } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'centrala_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `centrala_session=${setCookie.value}`;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A multipart/form-data body of a JSON `payload` part and `attachments` files, for app.inject. */
export function ticketForm(payload: unknown, files: { filename: string; content: Buffer | string; type?: string }[] = []) {
  const boundary = `----centrala${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  const push = (s: string | Buffer) => chunks.push(typeof s === 'string' ? Buffer.from(s) : s);
  push(`--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${JSON.stringify(payload)}\r\n`);
  for (const f of files) {
    push(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
    );
    push(f.content);
    push('\r\n');
  }
  push(`--${boundary}--\r\n`);
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * POSTs `payload` and `files` as a ticketForm to `url` in the session (cookie and CSRF token):
 * a new ticket (/api/client/tickets) or a reply (…/tickets/:ref/replies). Answers the inject response.
 */
export function postForm(
  app: FastifyInstance,
  url: string,
  session: LoggedIn,
  payload: unknown,
  files: Parameters<typeof ticketForm>[1] = [],
) {
  const form = ticketForm(payload, files);
  return app.inject({ method: 'POST', url, headers: { ...session.headers, ...form.headers }, payload: form.payload });
}

export async function departmentId(db: Db, slug: 'technical' | 'financial'): Promise<string> {
  return (await db.selectFrom('departments').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Polls `probe` until it yields a value, or fails after `ms`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

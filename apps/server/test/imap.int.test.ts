import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { generate } from 'otplib';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { imapPoller, mailboxesRepository, mailSeal, serverKey, type StoreMail } from '../src/modules/email/index.js';
import { inboundMail } from '../src/modules/intake/index.js';
import { createStaff, eventually, login, useTestApp, type LoggedIn } from './helpers.js';
import { cuttableDatabase } from './support/db-cut.js';
import { startDovecot, type Dovecot } from './support/dovecot.js';

const PORT = 4351;
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const UNUSED_PORT = 4359;

/** A mail of its own Message-ID. */
function mail(n: number, tag: string): Buffer {
  return Buffer.from(
    `From: Kupac ${n} <kupac${n}@example.com>\r\nTo: support@centrala.test\r\nSubject: Pitanje ${n} ${tag}\r\n` +
      `Message-ID: <${tag}-${n}@example.com>\r\nDate: Sun, 06 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nPoruka broj ${n}: čćžšđ.\r\n`,
  );
}

describe('IMAP mailboxes and the poller against a real dovecot (issue 12 points 1b and 2)', () => {
  const ctx = useTestApp({ SECRET_KEY: 'imap-test-secret-key-of-at-least-32-chars' });
  let dovecot: Dovecot;
  let admin: LoggedIn;
  let pool: pg.Pool;
  const logger = createLogger('silent');

  beforeAll(async () => {
    dovecot = await startDovecot(PORT);
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    pool = createDb(ctx.databaseUrl, 6).pool;
  });
  afterAll(async () => {
    // The dovecot process first: a pool still waiting for a client must never leave it running on the machine.
    await dovecot?.stop();
    await pool?.end();
  });

  /** An imapflow client of the test's own, to put mail in (APPEND) and look at folders. */
  async function imap<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout().catch(() => c.close());
    }
  }
  const append = (folder: string, raws: Buffer[]) =>
    imap(async (c) => {
      await c.mailboxCreate(folder).catch(() => undefined);
      for (const raw of raws) await c.append(folder, raw);
    });
  const count = (folder: string) => imap(async (c) => (await c.status(folder, { messages: true })).messages ?? 0);

  async function addMailbox(body: Record<string, unknown>) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/mailboxes',
      headers: admin.headers,
      payload: { name: 'Support', host: '127.0.0.1', port: PORT, tls: false, username: dovecot.user, password: dovecot.password, ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; status: { backlog: number | null } }>();
  }

  const rowsOf = (mailboxId: string) =>
    ctx.db
      .selectFrom('inbound')
      .select(['id', 'source_id', 'source'])
      .where('channel', '=', 'email')
      .where(sql<string>`source->>'mailboxId'`, '=', mailboxId)
      .execute();

  /** A poller node: its own pool (its locks), the app's sealing key. */
  function poller(store: StoreMail = inboundMail(ctx.db).store, pollIntervalMs = 60_000, nodePool = pool) {
    return imapPoller({
      pool: nodePool,
      mailboxes: mailboxesRepository(ctx.db, mailSeal(serverKey(ctx.config.SECRET_KEY, ctx.dataDir))),
      store,
      logger,
      options: { pollIntervalMs, rescanMs: 200, backoff: { initialMs: 100, maxMs: 500 } },
    });
  }

  const mailboxRow = (id: string) => ctx.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const disable = (id: string) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/admin/mailboxes/${id}`, headers: admin.headers, payload: { enabled: false } });
  const tag = () => `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  it('fetches by UID (a message another client marked \\Seen too), stores, then moves it; IDLE brings new mail at once', async () => {
    const t = tag();
    await append('A-in', [mail(1, t), mail(2, t)]);
    await imap(async (c) => {
      await c.append('A-in', mail(3, t), ['\\Seen']);
    });
    const box = await addMailbox({ folder: 'A-in', processedFolder: 'A-done' });
    const p = poller(); // polls every 60 s: only IDLE can bring the 4th message within seconds
    p.start();
    try {
      await eventually(async () => ((await rowsOf(box.id)).length === 3 ? true : undefined), 10_000);
      const rows = await rowsOf(box.id);
      expect(rows.map((r) => r.source_id).sort()).toEqual([1, 2, 3].map((n) => `mid:${t}-${n}@example.com`));
      expect(rows.map((r) => (r.source as { uid: string }).uid).sort()).toEqual(['1', '2', '3']);
      await eventually(async () => ((await mailboxRow(box.id)).last_fetch_at ? true : undefined));
      expect(await mailboxRow(box.id)).toMatchObject({ last_uid: '3', backlog: 0 });
      expect(await count('A-in')).toBe(0);
      expect(await count('A-done')).toBe(3);

      await append('A-in', [mail(4, t)]);
      // Well within the 60 s poll interval: IDLE told of it.
      const idleStart = Date.now();
      await eventually(async () => ((await rowsOf(box.id)).length === 4 ? true : undefined), 20_000);
      expect(Date.now() - idleStart).toBeLessThan(20_000);
      await eventually(async () => ((await count('A-done')) === 4 ? true : undefined));
      const api = await ctx.app.inject({ url: `/api/admin/mailboxes/${box.id}`, headers: admin.headers });
      expect(api.json().status).toMatchObject({ state: 'ok', backlog: 0, lastError: null, lastFetchAt: expect.any(String) });
    } finally {
      await p.stop();
      await disable(box.id);
    }
  });

  it('a poller stopped after storing some (before it noted them) and started again loses and duplicates nothing', async () => {
    const t = tag();
    const total = 8;
    await append(
      'B-in',
      Array.from({ length: total }, (_, i) => mail(i + 1, t)),
    );
    const box = await addMailbox({ folder: 'B-in' });
    const real = inboundMail(ctx.db).store;
    let calls = 0;
    // The 3rd message is stored, then the poller dies before it moves last_uid past it.
    const dying: StoreMail = async (raw, source) => {
      const stored = await real(raw, source);
      if (++calls === 3) {
        void first.stop();
        throw new Error('killed');
      }
      return stored;
    };
    const first = poller(dying);
    first.start();
    await eventually(() => (calls >= 3 ? true : undefined), 10_000);
    await first.stop();
    expect((await rowsOf(box.id)).length).toBe(3);
    expect((await mailboxRow(box.id)).last_uid).toBe('2');

    const results: boolean[] = [];
    const second = poller(async (raw, source) => {
      const r = await real(raw, source);
      results.push(r.duplicate);
      return r;
    });
    second.start();
    try {
      await eventually(async () => ((await mailboxRow(box.id)).last_uid === String(total) ? true : undefined), 10_000);
      const rows = await rowsOf(box.id);
      expect(rows.length).toBe(total);
      expect(new Set(rows.map((r) => r.source_id)).size).toBe(total);
      // The one stored but not noted was fetched again, and recognised.
      expect(results.filter((d) => d)).toHaveLength(1);
      expect(results).toHaveLength(total - 2);
      expect(await count('B-in')).toBe(total); // no processed folder: left where it is
    } finally {
      await second.stop();
      await disable(box.id);
    }
  });

  it('the IMAP server killed: the error is on the mailbox; restarted: the poller resumes by itself', async () => {
    const t = tag();
    await append('C-in', [mail(1, t)]);
    const box = await addMailbox({ folder: 'C-in', processedFolder: 'C-done' });
    const p = poller(undefined, 500);
    p.start();
    try {
      await eventually(async () => ((await mailboxRow(box.id)).last_uid === '1' ? true : undefined), 10_000);
      await dovecot.kill();
      const failed = await eventually(async () => (await mailboxRow(box.id)).last_error ?? undefined, 10_000);
      expect(failed).toMatch(/^mailbox\.connection_failed/);
      const api = await ctx.app.inject({ url: `/api/admin/mailboxes/${box.id}`, headers: admin.headers });
      expect(api.json().status).toMatchObject({
        state: 'error',
        lastError: { code: 'mailbox.connection_failed', message: { en: expect.any(String), hr: expect.any(String) } },
      });
      await new Promise((r) => setTimeout(r, 1000)); // a few failed reconnects
      await dovecot.start();
      await append('C-in', [mail(2, t)]);
      await eventually(async () => ((await rowsOf(box.id)).length === 2 ? true : undefined), 15_000);
      await eventually(async () => {
        const res = await ctx.app.inject({ url: `/api/admin/mailboxes/${box.id}`, headers: admin.headers });
        return res.json().status.state === 'ok' ? true : undefined;
      });
      expect(await count('C-done')).toBe(2);
    } finally {
      await p.stop();
      await disable(box.id);
    }
  });

  it('two nodes with the imap role: one polls a mailbox at a time; when it goes, the other takes over', async () => {
    const t = tag();
    await append(
      'D-in',
      Array.from({ length: 10 }, (_, i) => mail(i + 1, t)),
    );
    const box = await addMailbox({ folder: 'D-in', processedFolder: 'D-done' });
    const real = inboundMail(ctx.db).store;
    const calls = { a: 0, b: 0 };
    const node = (name: 'a' | 'b') => async (raw: Buffer, source: Parameters<StoreMail>[1]) => {
      if (source.mailboxId === box.id) calls[name] += 1;
      await new Promise((r) => setTimeout(r, 20));
      return real(raw, source);
    };
    const otherPool = createDb(ctx.databaseUrl, 6).pool;
    const a = poller(node('a'), 500);
    const b = poller(node('b'), 500, otherPool);
    a.start();
    b.start();
    try {
      await eventually(async () => ((await mailboxRow(box.id)).last_uid === '10' ? true : undefined), 15_000);
      expect((await rowsOf(box.id)).length).toBe(10);
      expect(calls.a + calls.b).toBe(10); // nothing fetched twice
      expect(Math.min(calls.a, calls.b)).toBe(0); // by one node
      const holder = calls.a ? a : b;
      await holder.stop();
      await append('D-in', [mail(11, t), mail(12, t)]);
      await eventually(async () => ((await rowsOf(box.id)).length === 12 ? true : undefined), 15_000);
      expect(calls.a + calls.b).toBe(12);
      expect(calls.a && calls.b).toBeGreaterThan(0); // the other node took over
    } finally {
      await a.stop();
      await b.stop();
      await otherPool.end();
      await disable(box.id);
    }
  });

  it('a changed UIDVALIDITY fetches the folder again, and the stored messages are recognised', async () => {
    const t = tag();
    await append('E-in', [mail(1, t), mail(2, t), mail(3, t)]);
    const box = await addMailbox({ folder: 'E-in' });
    const real = inboundMail(ctx.db).store;
    const duplicates: string[] = [];
    const p = poller(async (raw, source) => {
      const r = await real(raw, source);
      if (r.duplicate && source.mailboxId === box.id) duplicates.push(source.uid);
      return r;
    }, 300);
    p.start();
    try {
      await eventually(async () => ((await mailboxRow(box.id)).last_uid === '3' ? true : undefined), 10_000);
      const validity = (await mailboxRow(box.id)).uid_validity;
      await ctx.db.updateTable('mailboxes').set({ uid_validity: '1' }).where('id', '=', box.id).execute();
      await eventually(() => (duplicates.length === 3 ? true : undefined), 10_000);
      await eventually(async () => {
        const row = await mailboxRow(box.id);
        return row.uid_validity === validity && row.last_uid === '3' ? true : undefined;
      });
      expect((await rowsOf(box.id)).length).toBe(3);
    } finally {
      await p.stop();
      await disable(box.id);
    }
  });

  it('the connection holding the lock killed: the poller takes its lock again and goes on', async () => {
    const t = tag();
    await append('G-in', [mail(1, t)]);
    const box = await addMailbox({ folder: 'G-in' });
    const p = poller(undefined, 300);
    p.start();
    const lockHolders = () =>
      sql<{ pid: number }>`select pid from pg_locks where locktype = 'advisory' and granted
        and database = (select oid from pg_database where datname = current_database())`.execute(ctx.db);
    try {
      await eventually(async () => ((await mailboxRow(box.id)).last_uid === '1' ? true : undefined), 10_000);
      const before = (await lockHolders()).rows.map((r) => r.pid);
      expect(before.length).toBeGreaterThan(0);
      await sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted
        and database = (select oid from pg_database where datname = current_database())`.execute(ctx.db);
      await append('G-in', [mail(2, t)]);
      await eventually(async () => ((await rowsOf(box.id)).length === 2 ? true : undefined), 15_000);
      const after = (await lockHolders()).rows.map((r) => r.pid);
      expect(after.length).toBeGreaterThan(0);
      expect(after.some((pid) => before.includes(pid))).toBe(false);
    } finally {
      await p.stop();
      await disable(box.id);
    }
  });

  it.each([
    { when: 'before the 3rd message is stored', stored: 2 },
    { when: 'after the 3rd message is stored, before the poller notes it', stored: 3 },
  ])('the database cut $when: nothing moved unstored, the poller keeps going and shows the error, then fetches', async ({ stored }) => {
    const t = tag();
    const folder = `H${stored}-in`;
    const done = `H${stored}-done`;
    const total = 8;
    await append(
      folder,
      Array.from({ length: total }, (_, i) => mail(i + 1, t)),
    );
    const box = await addMailbox({ folder, processedFolder: done });
    const escaped: unknown[] = [];
    const onEscape = (err: unknown) => escaped.push(err);
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    // The poller's every connection to the database (its locks, its bookkeeping, the store) through a proxy cut under it.
    const database = await cuttableDatabase(ctx.databaseUrl);
    const node = createDb(database.url, 6, { connectMs: 1000, statementMs: 2000 });
    const real = inboundMail(node.db).store;
    let calls = 0;
    const p = imapPoller({
      pool: node.pool,
      mailboxes: mailboxesRepository(node.db, mailSeal(serverKey(ctx.config.SECRET_KEY, ctx.dataDir))),
      store: async (raw, source) => {
        const third = source.mailboxId === box.id && ++calls === 3;
        if (third && stored === 2) database.cut(); // its store finds the database gone
        const result = await real(raw, source);
        if (third) database.cut(); // stored: then moved, and its last UID not noted
        return result;
      },
      logger,
      options: { pollIntervalMs: 500, rescanMs: 200, backoff: { initialMs: 100, maxMs: 500 } },
    });
    p.start();
    try {
      await eventually(() => (calls >= 3 ? true : undefined), 10_000);
      const cutAt = Date.now();
      await new Promise((r) => setTimeout(r, 2000)); // the poller meets the outage again and again meanwhile
      // What was stored is moved; what was not is still in the folder, unmoved. last_uid is at or below what is stored.
      expect((await rowsOf(box.id)).length).toBe(stored);
      expect(await count(done)).toBe(stored);
      expect(await count(folder)).toBe(total - stored);
      expect((await mailboxRow(box.id)).last_uid).toBe('2');
      database.restore();

      await eventually(async () => ((await mailboxRow(box.id)).last_uid === String(total) ? true : undefined), 15_000);
      const rows = await rowsOf(box.id);
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r.source_id))).toEqual(
        new Set(Array.from({ length: total }, (_, i) => `mid:${t}-${i + 1}@example.com`)),
      );
      await eventually(async () => ((await count(done)) === total ? true : undefined), 10_000);
      expect(await count(folder)).toBe(0);
      // Not a silent stop: the mailbox shows the error of the outage, at its time, and the fetch after it.
      const status = await eventually(async () => {
        const res = await ctx.app.inject({ url: `/api/admin/mailboxes/${box.id}`, headers: admin.headers });
        const s = res.json().status;
        return s.lastError && s.lastFetchAt && s.lastFetchAt > s.lastErrorAt ? s : undefined;
      }, 10_000);
      expect(status).toMatchObject({ state: 'ok', backlog: 0, lastError: { code: 'mailbox.store_failed' } });
      expect(Math.abs(new Date(status.lastErrorAt).getTime() - cutAt)).toBeLessThan(1500);
      // And it keeps polling: a mail arriving now is fetched too.
      await append(folder, [mail(total + 1, t)]);
      await eventually(async () => ((await rowsOf(box.id)).length === total + 1 ? true : undefined), 10_000);
      expect(escaped, String(escaped[0])).toEqual([]);
    } finally {
      await p.stop();
      await node.pool.end();
      await database.close();
      process.off('unhandledRejection', onEscape);
      process.off('uncaughtException', onEscape);
      await disable(box.id);
    }
  });

  it('a `centrala serve` node with ROLES=imap killed (SIGKILL) mid-fetch and started again loses and duplicates nothing', async () => {
    const t = tag();
    const total = 60;
    const filler = `${'Redak teksta za veličinu poruke, čćžšđ. '.repeat(40)}\r\n`.repeat(60); // ~100 KB each
    await imap(async (c) => {
      await c.mailboxCreate('F-in').catch(() => undefined);
      for (let i = 1; i <= total; i++) await c.append('F-in', Buffer.concat([mail(i, t), Buffer.from(filler)]));
    });
    const box = await addMailbox({ folder: 'F-in', processedFolder: 'F-done' });
    const node = () =>
      spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
        env: {
          ...process.env,
          ROLES: 'imap',
          DATABASE_URL: ctx.databaseUrl,
          DATA_DIR: ctx.dataDir,
          SECRET_KEY: ctx.config.SECRET_KEY,
          DEMO_DATA: 'never',
          LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      });
    const first = node();
    let second: ChildProcess | undefined;
    try {
      const stored = await eventually(async () => {
        const n = (await rowsOf(box.id)).length;
        return n >= 3 ? n : undefined;
      }, 30_000);
      const exited = new Promise((resolve) => first.once('exit', resolve));
      first.kill('SIGKILL');
      await exited;
      const atKill = (await rowsOf(box.id)).length;
      expect(stored).toBeLessThan(total);
      expect(atKill).toBeLessThan(total); // killed mid-fetch, not after
      second = node();
      await eventually(async () => ((await mailboxRow(box.id)).last_uid === String(total) ? true : undefined), 60_000);
      const rows = await rowsOf(box.id);
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r.source_id))).toEqual(
        new Set(Array.from({ length: total }, (_, i) => `mid:${t}-${i + 1}@example.com`)),
      );
      await eventually(async () => ((await count('F-done')) === total ? true : undefined), 10_000);
      expect(await count('F-in')).toBe(0);
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGTERM');
      await disable(box.id);
    }
  }, 120_000);

  // Last: its refused logins make dovecot slow down the next logins from 127.0.0.1 for a while (its auth penalty).
  it('admins add, list, edit, test and remove a mailbox; the password is never returned and is sealed at rest', async () => {
    const created = await addMailbox({ name: 'Test box', folder: 'INBOX' });
    expect(JSON.stringify(created)).not.toContain(dovecot.password);
    expect(created).toMatchObject({
      hasPassword: true,
      folder: 'INBOX',
      processedFolder: null,
      status: { state: 'never', lastError: null },
    });
    const stored = await ctx.db.selectFrom('mailboxes').select('password_sealed').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.password_sealed.includes(Buffer.from(dovecot.password))).toBe(false);

    const list = await ctx.app.inject({ url: '/api/admin/mailboxes', headers: admin.headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(dovecot.password);
    expect(list.json().mailboxes.map((m: { id: string }) => m.id)).toContain(created.id);

    const ok = await ctx.app.inject({ method: 'POST', url: `/api/admin/mailboxes/${created.id}/test`, headers: admin.headers });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, messages: expect.any(Number), uidValidity: expect.any(String) });

    // A wrong password, a missing folder, a port nobody listens on: each said plainly in both languages.
    const cases: [Record<string, unknown>, number, string][] = [
      [{ password: 'wrong-password' }, 422, 'mailbox.auth_failed'],
      [{ password: dovecot.password, folder: 'Nema' }, 422, 'mailbox.folder_missing'],
      [{ folder: 'INBOX', port: UNUSED_PORT }, 422, 'mailbox.connection_failed'],
    ];
    for (const [patch, status, code] of cases) {
      const p = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/admin/mailboxes/${created.id}`,
        headers: admin.headers,
        payload: patch,
      });
      expect(p.statusCode, p.body).toBe(200);
      const res = await ctx.app.inject({ method: 'POST', url: `/api/admin/mailboxes/${created.id}/test`, headers: admin.headers });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error).toMatchObject({ code, message: { en: expect.any(String), hr: expect.any(String) } });
      expect(res.body).not.toContain(dovecot.password);
    }

    // Before saving: the settings in the form tried as they are.
    const form = { name: 'Form', host: '127.0.0.1', port: PORT, tls: false, username: dovecot.user, password: dovecot.password };
    const before = await ctx.app.inject({ method: 'POST', url: '/api/admin/mailboxes/test', headers: admin.headers, payload: form });
    expect(before.statusCode, before.body).toBe(200);
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/mailboxes/test',
      headers: admin.headers,
      payload: { ...form, password: 'nope' },
    });
    expect(refused.json().error.code).toBe('mailbox.auth_failed');
    const agent = await createStaff(ctx.db, 'agent');
    const asAgent = await ctx.app.inject({ url: '/api/admin/mailboxes', headers: (await login(ctx.app, agent.email)).headers });
    expect(asAgent.statusCode).toBe(403);

    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/mailboxes',
      headers: admin.headers,
      payload: { name: 'x', host: 'a b', port: 0 },
    });
    expect(bad.statusCode).toBe(400);
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/admin/mailboxes/${created.id}`, headers: admin.headers });
    expect(del.statusCode).toBe(204);
    const gone = await ctx.app.inject({ method: 'POST', url: `/api/admin/mailboxes/${created.id}/test`, headers: admin.headers });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('mailbox.not_found');
  });

  it('a refused login shows on the mailbox as auth_failed; neither the log nor the API holds the password', async () => {
    const secret = `wrong-${Math.random().toString(36).slice(2)}-password`;
    const box = await addMailbox({ folder: 'INBOX', password: secret });
    const lines: string[] = [];
    const p = imapPoller({
      pool,
      mailboxes: mailboxesRepository(ctx.db, mailSeal(serverKey(ctx.config.SECRET_KEY, ctx.dataDir))),
      store: inboundMail(ctx.db).store,
      logger: pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }),
      options: { pollIntervalMs: 60_000, rescanMs: 200, backoff: { initialMs: 100, maxMs: 500 } },
    });
    p.start();
    try {
      // dovecot answers a wrong password only after its auth_failure_delay (2 s), longer on a loaded machine.
      const error = await eventually(async () => (await mailboxRow(box.id)).last_error ?? undefined, 25_000);
      expect(error).toMatch(/^mailbox\.auth_failed/);
      expect(lines.some((l) => l.includes('mailbox.auth_failed'))).toBe(true);
      expect(lines.join('\n')).not.toContain(secret);
      const api = await ctx.app.inject({ url: `/api/admin/mailboxes/${box.id}`, headers: admin.headers });
      expect(api.json().status.lastError).toMatchObject({ code: 'mailbox.auth_failed' });
      expect(api.body).not.toContain(secret);
    } finally {
      await p.stop();
      await disable(box.id);
    }
  }, 60_000);
});

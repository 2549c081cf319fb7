import { ImapFlow } from 'imapflow';
import { generate } from 'otplib';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { imapPoller, inboundMail, mailboxesRepository, mailSeal, serverKey, type StoreMail } from '../src/modules/email/index.js';
import { createStaff, eventually, login, useTestApp, type LoggedIn } from './helpers.js';
import { startDovecot, type Dovecot } from './support/dovecot.js';

const PORT = 4351;
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
    await pool?.end();
    await dovecot?.stop();
  });

  /** An imapflow client of the test's own, to put mail in (APPEND) and look at folders. */
  async function imap<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
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

  it('admins add, list, edit, test and remove a mailbox; the password is never returned and is sealed at rest', async () => {
    const created = await addMailbox({ name: 'Test box', folder: 'INBOX' });
    expect(JSON.stringify(created)).not.toContain(dovecot.password);
    expect(created).toMatchObject({ hasPassword: true, folder: 'INBOX', processedFolder: null, status: { state: 'never', lastError: null } });
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
      [{ folder: 'INBOX', port: UNUSED_PORT }, 502, 'mailbox.connection_failed'],
    ];
    for (const [patch, status, code] of cases) {
      const p = await ctx.app.inject({ method: 'PATCH', url: `/api/admin/mailboxes/${created.id}`, headers: admin.headers, payload: patch });
      expect(p.statusCode, p.body).toBe(200);
      const res = await ctx.app.inject({ method: 'POST', url: `/api/admin/mailboxes/${created.id}/test`, headers: admin.headers });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error).toMatchObject({ code, message: { en: expect.any(String), hr: expect.any(String) } });
      expect(res.body).not.toContain(dovecot.password);
    }

    const bad = await ctx.app.inject({ method: 'POST', url: '/api/admin/mailboxes', headers: admin.headers, payload: { name: 'x', host: 'a b', port: 0 } });
    expect(bad.statusCode).toBe(400);
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/admin/mailboxes/${created.id}`, headers: admin.headers });
    expect(del.statusCode).toBe(204);
    const gone = await ctx.app.inject({ method: 'POST', url: `/api/admin/mailboxes/${created.id}/test`, headers: admin.headers });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('mailbox.not_found');
  });
});


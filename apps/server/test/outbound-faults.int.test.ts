import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Backoff } from '@centrala/contracts';
import { createDb } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { buildModules, type Modules } from '../src/modules.js';
import { mailSeal, outboundDelivery, serverKey } from '../src/modules/email/index.js';
import type { Db } from '../src/db/pool.js';
import { useTestApp } from './helpers.js';
import { freePort } from './setup/free-port.js';
import { cuttableDatabase, type CuttableDatabase } from './support/db-cut.js';

/**
 * Outbound delivery (modules/email/outbound/delivery.ts) under faults (issue 12 point 6, "a crash never sends twice";
 * the guide's "a failed step is retried"): a relay that is down, one that refuses for good or for ever, and the
 * database taken away between the relay's 250 and the mark. A real SMTP sink of the test's own; the database cut by
 * support/db-cut.ts.
 */
describe('outbound delivery under faults', () => {
  const ctx = useTestApp();
  let sinkPort: number;
  let sink: SMTPServer | undefined;
  let database: CuttableDatabase;
  let cutDb: ReturnType<typeof createDb>;
  let modules: Modules;
  /** Every message the sink accepted, by recipient. */
  const received: { to: string; messageId: string }[] = [];
  /** Called with the recipient when a message's data has arrived, before the sink answers. */
  let beforeAnswer: (to: string) => void = () => undefined;
  /** A recipient the sink refuses at RCPT, with this code. */
  const refuse = new Map<string, number>();
  const rcptAttempts = new Map<string, number>();
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);

  const startSink = async () => {
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        rcptAttempts.set(address.address, (rcptAttempts.get(address.address) ?? 0) + 1);
        const code = refuse.get(address.address);
        callback(
          code ? Object.assign(new Error(`${code === 550 ? '5.1.1 No such user' : '4.3.0 Try later'}`), { responseCode: code }) : undefined,
        );
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          const to = session.envelope.rcptTo[0]!.address;
          received.push({ to, messageId: /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '' });
          beforeAnswer(to);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink!.listen(sinkPort, '127.0.0.1', resolve));
  };
  const sinkUp = async () => {
    if (!sink) await startSink();
  };
  const stopSink = () => new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));

  /** A worker node's delivery on `db`: short lease and backoff, so the test sees them run out. */
  const deliveryOn = (db: Db, opts: { leaseMs?: number; backoff?: Backoff; giveUpAfterMs?: number } = {}) =>
    outboundDelivery(db, {
      relay: { host: '127.0.0.1', port: sinkPort, secure: false, user: null, pass: null },
      from: ctx.config.mailFrom,
      dkim: null,
      seal: mailSeal(serverKey(ctx.config.SECRET_KEY, ctx.config.dataDir)),
      attachmentPath: modules.tickets.store.pathOf,
      logger: createLogger('silent'),
      leaseMs: opts.leaseMs ?? 1000,
      backoff: opts.backoff ?? { initialMs: 400, maxMs: 2000 },
      ...(opts.giveUpAfterMs ? { giveUpAfterMs: opts.giveUpAfterMs } : {}),
    });
  const write = async (to: string) => {
    await modules.outbox.send({ to, subject: `To ${to}`, text: 'Body.', kind: 'test' });
    return ctx.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow();
  };
  const rowOf = (id: string) => ctx.db.selectFrom('outbox_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const due = (id: string) =>
    ctx.db
      .updateTable('outbox_emails')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    sinkPort = await freePort();
    database = await cuttableDatabase(ctx.databaseUrl);
    cutDb = createDb(database.url, 4, { connectMs: 1000, statementMs: 2000 });
    modules = buildModules({ config: ctx.config, db: ctx.db });
  });
  afterEach(() => {
    database.restore();
    beforeAnswer = () => undefined;
    expect(escaped, String(escaped[0])).toEqual([]);
  });
  afterAll(async () => {
    await stopSink();
    await cutDb?.pool.end();
    await database?.close();
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
  });

  it('a relay that is down: the mail waits with a growing backoff, its state and error visible, and goes once when the relay is up', async () => {
    const delivery = deliveryOn(ctx.db);
    try {
      const row = await write('down@example.net');
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        const before = Date.now();
        await delivery.deliverDue();
        const after = await rowOf(row.id);
        expect(after).toMatchObject({ state: 'queued', attempts: attempt, sent_at: null });
        expect(after.last_error).toMatch(/ECONNREFUSED/);
        waits.push(after.next_attempt_at.getTime() - before);
        // Not due before its wait: another round sends nothing and counts nothing.
        await delivery.deliverDue();
        expect((await rowOf(row.id)).attempts).toBe(attempt);
        await due(row.id);
      }
      // Full jitter over a doubling ceiling (400, 800, 1600 ms): each wait at least half its step.
      expect(waits[0]).toBeGreaterThanOrEqual(150);
      expect(waits[1]).toBeGreaterThanOrEqual(350);
      expect(waits[2]).toBeGreaterThanOrEqual(750);
      await sinkUp();
      await delivery.deliverDue();
      expect(await rowOf(row.id)).toMatchObject({ state: 'sent', attempts: 4, last_error: null });
      await due(row.id);
      await delivery.deliverDue();
      expect(received.filter((m) => m.to === 'down@example.net')).toHaveLength(1);
    } finally {
      delivery.close();
    }
  });

  it('the database cut between the relay’s 250 and the mark: marked sent once it is back, not sent again', async () => {
    const delivery = deliveryOn(cutDb.db);
    const otherNode = deliveryOn(ctx.db);
    await sinkUp();
    try {
      const row = await write('cut@example.net');
      beforeAnswer = (to) => {
        if (to === 'cut@example.net') database.cut();
      };
      await delivery.deliverDue(); // sent; its mark found no database, and the round still ended
      beforeAnswer = () => undefined;
      expect(received.filter((m) => m.to === 'cut@example.net')).toHaveLength(1);
      expect(await rowOf(row.id)).toMatchObject({ state: 'sending', attempts: 1 });
      // Still gone: a round fails (the loop logs it and tries again), nothing is sent.
      await expect(delivery.deliverDue()).rejects.toThrow();
      await sleep(1500); // the 1 s lease has run out meanwhile
      database.restore();
      await delivery.deliverDue();
      expect(await rowOf(row.id)).toMatchObject({ state: 'sent', attempts: 1, last_error: null });
      await otherNode.deliverDue();
      await delivery.deliverDue();
      const copies = received.filter((m) => m.to === 'cut@example.net');
      expect(copies).toHaveLength(1);
      expect(copies[0]!.messageId).toBe(`<${row.message_id}>`);
    } finally {
      delivery.close();
      otherNode.close();
    }
  });

  it('a relay refusing for good (5xx): failed at once with its reason, and never tried again', async () => {
    const delivery = deliveryOn(ctx.db);
    await sinkUp();
    try {
      refuse.set('refused@example.net', 550);
      const row = await write('refused@example.net');
      await delivery.deliverDue();
      const failed = await rowOf(row.id);
      expect(failed).toMatchObject({ state: 'failed', attempts: 1, sent_at: null });
      expect(failed.last_error).toMatch(/550 5\.1\.1 No such user/);
      await due(row.id);
      for (let i = 0; i < 3; i++) await delivery.deliverDue();
      expect(await rowOf(row.id)).toMatchObject({ state: 'failed', attempts: 1 });
      expect(rcptAttempts.get('refused@example.net')).toBe(1);
    } finally {
      delivery.close();
    }
  });

  it('a relay deferring for ever (4xx): retried with backoff until the give-up time, then failed, not retried for ever', async () => {
    const delivery = deliveryOn(ctx.db, { backoff: { initialMs: 100, maxMs: 200 }, giveUpAfterMs: 2000 });
    await sinkUp();
    try {
      refuse.set('deferred@example.net', 451);
      const row = await write('deferred@example.net');
      const deadline = Date.now() + 10_000;
      while ((await rowOf(row.id)).state !== 'failed' && Date.now() < deadline) {
        await delivery.deliverDue();
        await sleep(100);
      }
      const failed = await rowOf(row.id);
      expect(failed.state).toBe('failed');
      expect(failed.last_error).toMatch(/451/);
      const attempts = failed.attempts;
      expect(attempts).toBeGreaterThan(1);
      await due(row.id);
      for (let i = 0; i < 3; i++) await delivery.deliverDue();
      expect((await rowOf(row.id)).attempts).toBe(attempts);
      expect(rcptAttempts.get('deferred@example.net')).toBe(attempts);
    } finally {
      delivery.close();
    }
  });
});

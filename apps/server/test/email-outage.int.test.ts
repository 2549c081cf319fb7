import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { buildModules, type Modules } from '../src/modules.js';
import { parseMail } from '../src/modules/email/index.js';
import { emailIntake } from '../src/modules/intake/index.js';
import { departmentId, eventually, useTestApp } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';
import { freePort } from './setup/free-port.js';
import { cuttableDatabase, type CuttableDatabase } from './support/db-cut.js';

/**
 * Issue 12 point 2 and the guide's "faults injected under load": the database taken away from the mail-in path
 * (support/db-cut.ts: the app's connections go through a proxy the test cuts and restores) while the SMTP receiver
 * and the drain are busy. The test reads what really committed through its own connection, straight to the server.
 */
describe('mail in while the database goes away', () => {
  const ctx = useTestApp();
  let database: CuttableDatabase;
  let app: ReturnType<typeof createDb>;
  let modules: Modules;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;
  let port: number;
  /** Whatever escaped to the process: a callback outside a request handler that threw is a bug. */
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);

  beforeAll(async () => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    database = await cuttableDatabase(ctx.databaseUrl);
    app = createDb(database.url, 5, { connectMs: 1000, statementMs: 2000 });
    modules = buildModules({ config: ctx.config, db: app.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
    port = await freePort();
    mailIn = await startMailIn(modules, { port, maxBytes: 1024 * 1024 });
  });
  afterEach(() => {
    database.restore();
    expect(escaped, String(escaped[0])).toEqual([]);
  });
  afterAll(async () => {
    await mailIn?.stop();
    await app?.pool.end();
    await database?.close();
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
  });

  /** Stored mails `<prefix>-<n>@example.org`, as the receiver stores them. */
  const storeMails = async (prefix: string, total: number) => {
    for (let i = 0; i < total; i++)
      await modules.inboundEmail.store.store(
        Buffer.from(
          `Message-ID: <${prefix}-${i}@example.org>\r\nFrom: ${prefix}${i}@example.org\r\nTo: support@centrala.test\r\n` +
            `Subject: ${prefix} ${i}\r\n\r\nMail ${i} of ${prefix}.\r\n`,
        ),
        { kind: 'smtp', mailFrom: `${prefix}${i}@example.org`, rcptTo: ['support@centrala.test'], remoteIp: '127.0.0.1', helo: 'test' },
      );
  };
  /** A drain of the test's own on the cut database, writing through `submit`. */
  const drainOn = (submit: Parameters<typeof emailIntake>[0]['submit'] = (s) => modules.intake.submit(s)) =>
    emailIntake({
      db: app.db,
      submit,
      store: modules.tickets.store,
      addresses: modules.inboundEmail.addresses,
      mailboxes: modules.mailboxes,
      parse: parseMail,
      limits: { maxBytes: 1024 * 1024, maxFiles: 5 },
      logger: createLogger('silent'),
    });
  const statesOf = (prefix: string) =>
    ctx.db
      .selectFrom('inbound')
      .select(['state', 'ticket_id', 'next_attempt_at'])
      .where('mail_message_id', 'like', `${prefix}-%`)
      .execute();

  const ticketsOf = (subjectPrefix: string) =>
    ctx.db.selectFrom('tickets').select(['id', 'subject']).where('subject', 'like', `${subjectPrefix}%`).execute();

  it('answers 451 with the database gone, and the retry after it is back makes one ticket', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const mail = {
      from: 'a@example.org',
      to: 'support@centrala.test',
      subject: 'During outage',
      text: 'x',
      messageId: '<outage@example.org>',
    };
    try {
      // The address lookup is cached for a few seconds: the first answer may come from DATA. Either way it is 451, never 250 or 5xx.
      database.cut();
      await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
      database.restore();
      const sent = await eventually(() => transport.sendMail(mail).catch(() => undefined), 30_000);
      expect(sent.response).toMatch(/^250 /);
      // The sender's retry of an accepted mail changes nothing either.
      expect((await transport.sendMail(mail)).response).toMatch(/^250 /);
      const ticket = await eventually(
        () =>
          ctx.db
            .selectFrom('inbound')
            .select('ticket_id')
            .where('mail_message_id', '=', 'outage@example.org')
            .where('state', '=', 'processed')
            .executeTakeFirst(),
        15_000,
      );
      expect(ticket.ticket_id).not.toBeNull();
      await new Promise((r) => setTimeout(r, 500));
      expect(await ticketsOf('During outage')).toHaveLength(1);
    } finally {
      transport.close();
    }
  }, 60_000);

  it('cut mid-stream of many mails over several connections: 451 for those, every mail arrives once after it is back', async () => {
    const senders = 4;
    const perSender = 30;
    const total = senders * perSender;
    // Each sender one SMTP connection kept open (a pool of one), sending its mails back to back as an MTA does,
    // and trying a refused mail again after a pause until it is accepted.
    const answers: { at: number; code: number }[] = [];
    let cutAt = 0;
    let restoredAt = 0;
    const outage = (async () => {
      await eventually(() => (answers.filter((a) => a.code === 250).length >= 30 ? true : undefined), 30_000);
      cutAt = Date.now();
      database.cut();
      await new Promise((r) => setTimeout(r, 2500));
      restoredAt = Date.now();
      database.restore();
    })();
    const sending = Array.from({ length: senders }, async (_, s) => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: 1,
      });
      try {
        for (let i = 0; i < perSender; i++) {
          const mail = {
            from: `sender${s}@example.org`,
            to: 'support@centrala.test',
            subject: `Stream ${s}-${i}`,
            text: `Mail ${i} of sender ${s}.`,
            messageId: `<stream-${s}-${i}@example.org>`,
          };
          for (;;) {
            const code = await transport.sendMail(mail).then(
              () => 250,
              (err: { responseCode?: number }) => err.responseCode ?? 0,
            );
            answers.push({ at: Date.now(), code });
            if (code === 250) break;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      } finally {
        transport.close();
      }
    });
    await Promise.all([outage, ...sending]);

    // It was cut mid-stream: mails accepted before it, refused during it, accepted after it.
    expect(answers.some((a) => a.code === 250 && a.at < cutAt)).toBe(true);
    expect(answers.some((a) => a.code === 451 && a.at >= cutAt && a.at <= restoredAt + 1000)).toBe(true);
    expect(answers.some((a) => a.code === 250 && a.at > restoredAt)).toBe(true);
    // Refused only ever with 451 (the sender retries), never a 5xx or a dropped connection.
    expect(answers.filter((a) => a.code !== 250 && a.code !== 451)).toEqual([]);
    expect(answers.filter((a) => a.code === 250)).toHaveLength(total);

    // Every mail is one stored row, and one ticket, once the drain got to them.
    const processed = await eventually(async () => {
      const rows = await ctx.db
        .selectFrom('inbound')
        .select(['mail_message_id', 'state', 'ticket_id'])
        .where('mail_message_id', 'like', 'stream-%')
        .execute();
      return rows.length === total && rows.every((r) => r.state === 'processed') ? rows : undefined;
    }, 30_000);
    expect(new Set(processed.map((r) => r.mail_message_id)).size).toBe(total);
    expect(new Set(processed.map((r) => r.ticket_id)).size).toBe(total);
    const tickets = await ticketsOf('Stream ');
    expect(tickets).toHaveLength(total);
    expect(new Set(tickets.map((t) => t.subject)).size).toBe(total);
  }, 90_000);

  it('the drain cut mid-batch: nothing half-written, each mail retried and processed once after it is back', async () => {
    const total = 100;
    // A drain of its own: the mail-in helper's would take these rows on its next poll.
    await mailIn.drain.stop();
    await storeMails('batch', total);
    // The batch's mails are written one after another here, and the database is cut under the 20th write: 19 done,
    // one cut mid-statement, the rest of the claimed batch not begun.
    let submits = 0;
    let chain: Promise<unknown> = Promise.resolve();
    const intake = drainOn((s) => {
      const n = ++submits;
      const written = chain.then(() => {
        const write = modules.intake.submit(s);
        if (n === 20) setTimeout(() => database.cut(), 2);
        return write;
      });
      chain = written.catch(() => undefined);
      return written;
    });
    // The drain comes back (it does not throw for its batch) with its 64 claimed.
    await expect(intake.drain()).resolves.toBe(64);
    expect(submits).toBe(64);
    const during = await statesOf('batch');
    const done = during.filter((r) => r.state === 'processed').length;
    expect(done).toBeGreaterThanOrEqual(19);
    expect(done).toBeLessThanOrEqual(20);
    expect(during.filter((r) => r.state === 'failed')).toEqual([]);
    // Still gone: a drain fails (and says so), it does not crash.
    await expect(intake.drain()).rejects.toThrow();

    database.restore();
    // The claims the outage kept it from handing back are due again at once, not after the two-minute lease.
    await eventually(async () => {
      while ((await intake.drain()) > 0);
      const rows = await statesOf('batch');
      return rows.every((r) => r.state === 'processed') ? true : undefined;
    }, 15_000);

    const rows = await ctx.db
      .selectFrom('inbound')
      .select(['mail_message_id', 'ticket_id', 'message_id'])
      .where('mail_message_id', 'like', 'batch-%')
      .execute();
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.ticket_id)).size).toBe(total);
    const tickets = await ctx.db
      .selectFrom('tickets')
      .leftJoin('ticket_messages', 'ticket_messages.ticket_id', 'tickets.id')
      .select(['tickets.id', 'tickets.subject', 'ticket_messages.id as message'])
      .where('tickets.subject', 'like', 'batch %')
      .execute();
    // One ticket per mail, each with its one message: no ticket without its message, none twice.
    expect(tickets).toHaveLength(total);
    expect(new Set(tickets.map((t) => t.subject)).size).toBe(total);
    expect(tickets.every((t) => t.message !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.ticket_id))).toEqual(new Set(tickets.map((t) => t.id)));
  }, 60_000);

  it('a claim whose answer is lost (committed, then cut): its mails are handed back when the database is back, not after the lease', async () => {
    await storeMails('lost', 10);
    const intake = drainOn();
    database.cutAfterAnswer('update inbound set attempts');
    await expect(intake.drain()).rejects.toThrow();
    // The claim committed: its rows are leased for two minutes, and this drain never saw them.
    const leased = await statesOf('lost');
    expect(leased.every((r) => r.state === 'received' && new Date(r.next_attempt_at!).getTime() > Date.now() + 100_000)).toBe(true);
    database.restore();
    await eventually(async () => {
      while ((await intake.drain()) > 0);
      const rows = await statesOf('lost');
      return rows.every((r) => r.state === 'processed') ? true : undefined;
    }, 10_000);
    expect(new Set((await statesOf('lost')).map((r) => r.ticket_id)).size).toBe(10);
    expect(await ticketsOf('lost ')).toHaveLength(10);
  });
});

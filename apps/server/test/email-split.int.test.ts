import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { buildModules } from '../src/modules.js';
import { smtpReceiver } from '../src/modules/email/index.js';
import { startEmailDrain } from '../src/modules/intake/index.js';
import { departmentId, eventually, useTestApp } from './helpers.js';
import { noDns } from './mail-in.js';
import { freePort } from './setup/free-port.js';

const ctx = useTestApp();

/**
 * Issue 12 point 2 with the roles split (README "Scaling out": ROLES=smtp on one node, ROLES=worker on another): the
 * receiver's node neither holds the bytes for a drain nor wakes one; the drain's node reads the mail from the database,
 * woken by the store's NOTIFY (migration 0025) long before its poll.
 */
describe('SMTP receiver and drain on separate nodes', () => {
  const POLL_MS = 60_000;
  let stop: () => Promise<void>;
  let port: number;

  beforeAll(async () => {
    const receiving = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    const draining = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await receiving.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
    port = await freePort();
    const smtp = smtpReceiver(
      { host: '127.0.0.1', port, maxBytes: 64 * 1024, maxConnectionsPerClient: 10, messagesPerMinutePerClient: 0, maxClients: 50 },
      {
        store: receiving.inboundEmail.store,
        serves: async (a) => (await receiving.inboundEmail.addresses.lookup(a)) !== null,
        // As main.ts does on a node without the worker role: nothing kept, nobody woken here.
        onStored: () => {},
        logger: createLogger('silent'),
      },
    );
    await smtp.listen();
    const drain = startEmailDrain(draining.inboundEmail.intake, createLogger('silent'), POLL_MS, {
      connectionString: ctx.databaseUrl,
    });
    stop = async () => {
      await smtp.close();
      await drain.stop();
    };
    // The drain's first round (at its start) connects its LISTEN; a mail sent before that would wait for the poll.
    await eventually(async () => {
      // pg_stat_activity shows the LISTEN connection by its last statement.
      const { rows } = await sql<{ n: string }>`
        select count(*)::text as n from pg_stat_activity
         where query = 'listen inbound_email' and datname = current_database()`.execute(ctx.db);
      return Number(rows[0]?.n) > 0 ? true : undefined;
    });
  });
  afterAll(async () => {
    await stop?.();
  });

  it('turns a mail the other node stored into a ticket at once, read back from the database', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
    const sentAt = Date.now();
    await transport.sendMail({
      from: 'someone@example.org',
      to: 'support@centrala.test',
      subject: 'Poslužitelj ne odgovara',
      text: 'Pozdrav, poslužitelj ne odgovara.\n',
      messageId: '<split-1@example.org>',
    });
    transport.close();
    const row = await eventually(
      () =>
        ctx.db
          .selectFrom('inbound')
          .select(['ticket_id', 'state'])
          .where('mail_message_id', '=', 'split-1@example.org')
          .where('state', '=', 'processed')
          .executeTakeFirst(),
      10_000,
    );
    expect(row.ticket_id).not.toBeNull();
    // Far below the 60 s poll: the NOTIFY woke the drain.
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    const ticket = await ctx.db
      .selectFrom('tickets')
      .select(['subject', 'channel'])
      .where('id', '=', row.ticket_id!)
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ subject: 'Poslužitelj ne odgovara', channel: 'email' });
  });
});

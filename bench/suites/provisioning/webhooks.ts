import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { domainEvents } from '../../../apps/server/src/events/index.js';
import { mailSeal, serverKey } from '../../../apps/server/src/modules/email/index.js';
import { verifySignature, webhookListener } from '../../../apps/server/src/modules/webhooks/index.js';
import { startBenchServer } from '../../harness.js';
import { seededIfAsked } from './scale.js';

/**
 * Signed webhook deliveries per second to a local receiver (issue 13: goal ≥ 200/s, none lost). A real server with
 * the worker role delivers; its receiver (on 127.0.0.1, allowed for the bench through WEBHOOK_ALLOWED_NETWORKS)
 * verifies every signature and counts each event id once. The events are `ticket.created` of real ticket rows, queued
 * through the webhooks listener in batches as the ticket write does (ticket creation itself is the tickets suite's).
 *
 * Knobs: BENCH_WEBHOOK_EVENTS (default 5000), BENCH_WEBHOOK_BATCH (events per emitting transaction, default 50),
 * BENCH_WEBHOOK_CONCURRENCY (the server's WEBHOOK_CONCURRENCY, default 128 as deployed).
 * Standalone: `npx tsx bench/suites/provisioning/webhooks.ts` prints its JSON.
 */
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5000);
const BATCH = Number(process.env.BENCH_WEBHOOK_BATCH ?? 50);
/** The longest wait for the last delivery once every event is queued. */
const DRAIN_MS = 120_000;
const log = (msg: string) => process.stderr.write(`[webhooks] ${msg}\n`);

export async function webhooksBench(): Promise<Record<string, number>> {
  const seen = new Set<string>();
  let badSignatures = 0;
  let lastAt = 0;
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifySignature(secret, String(req.headers['centrala-signature']), body)) {
        badSignatures++;
        res.writeHead(400).end();
        return;
      }
      seen.add(String(req.headers['centrala-event-id']));
      lastAt = performance.now();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const secretKey = randomBytes(32).toString('hex');
  const server = await startBenchServer({
    roles: 'web,worker',
    env: {
      SECRET_KEY: secretKey,
      WEBHOOK_CONCURRENCY: process.env.BENCH_WEBHOOK_CONCURRENCY ?? '128',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      LOG_LEVEL: 'error',
    },
  });
  try {
    const { db } = server;
    const scale = await seededIfAsked(server.databaseUrl);
    // The subscription as an admin's create writes it: the secret sealed with the server key.
    await db
      .insertInto('webhook_subscriptions')
      .values({
        url: `http://127.0.0.1:${port}/hook`,
        event_types: ['ticket.created'],
        secret_sealed: mailSeal(serverKey(secretKey, '/nonexistent')).seal(secret),
      })
      .execute();
    const department = await db.selectFrom('departments').select('id').where('slug', '=', 'technical').executeTakeFirstOrThrow();
    const tickets = await sql<{ id: string; reference: string; subject: string }>`
      insert into tickets (reference, department_id, priority, channel, trust, subject)
      select 'T-BENCH-' || lpad(i::text, 6, '0'), ${department.id}, 'regular', 'api', 'session', 'Bench ticket ' || i
        from generate_series(1, ${EVENTS}) i
      returning id, reference, subject`.execute(db);
    const events = domainEvents([webhookListener]);
    const started = performance.now();
    for (let i = 0; i < tickets.rows.length; i += BATCH) {
      const batch = tickets.rows.slice(i, i + BATCH).map((t) => ({
        type: 'ticket.created' as const,
        ticketId: t.id,
        reference: t.reference,
        subject: t.subject,
        promise: null,
        recipients: { addresses: [], locale: 'en' as const, clientArea: false },
      }));
      await db.transaction().execute((trx) => events.emit(trx, batch));
    }
    const queuedS = (performance.now() - started) / 1000;
    log(`${EVENTS} events queued in ${queuedS.toFixed(1)} s; waiting for the receiver`);
    const deadline = Date.now() + DRAIN_MS;
    while (seen.size < EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const seconds = (lastAt - started) / 1000;
    const figures = {
      ...scale,
      webhooks_per_s: Math.round(seen.size / seconds),
      webhooks_lost: EVENTS - seen.size,
      webhooks_bad_signatures: badSignatures,
      webhooks_seconds: Number(seconds.toFixed(1)),
    };
    log(JSON.stringify(figures));
    return figures;
  } finally {
    await server.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(JSON.stringify({ suite: 'webhooks', ...(await webhooksBench()) }));

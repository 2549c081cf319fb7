import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../../apps/server/src/db/pool.js';
import { freePort } from '../../apps/server/test/setup/free-port.js';
import { machineBusyMs, startBenchServer } from '../harness.js';
import { envInt, seedAtScale } from './tickets.js';

const CONNECTIONS = Number(process.env.BENCH_EMAIL_CONNECTIONS ?? 8);
/** Sending time at most; the whole suite stays well under a minute beside the server's start. */
const SEND_MS = Number(process.env.BENCH_EMAIL_SEND_MS ?? 8000);
/** Messages built and signed before the timed window: more than SEND_MS at the 300/s goal sends. */
const MESSAGES = Number(process.env.BENCH_EMAIL_MESSAGES ?? 3000);
/**
 * BENCH_EMAIL_RATE: mails offered per second over all connections (0, the default: each connection sends its next mail
 * as soon as the last is accepted). A flood measures the most the server takes, and its p99 is then the backlog's wait;
 * a steady rate measures the delay at that rate, as a stream of MTAs delivering to the MX sees it.
 */
const RATE = Number(process.env.BENCH_EMAIL_RATE ?? 0);
/** BENCH_EMAIL_SEED=1: the tickets suite's bulk load first (BENCH_TICKETS_SEED tickets, default 1,000,000), then VACUUM. */
const SEED = envInt('BENCH_EMAIL_SEED', 0) > 0;
/**
 * BENCH_EMAIL_PROCESSES: the server's processes, by their ROLES separated by `;` (default one process with all three),
 * e.g. `web,smtp;worker` (the receiver and the drain apart) or `web,smtp,worker;worker` (two drains), on the same
 * database as "Scaling out" deploys them: one Node process uses one core at most.
 */
const LAYOUT = (process.env.BENCH_EMAIL_PROCESSES ?? 'web,worker,smtp').split(';').map((roles) => roles.trim());
/** How long accepted mail may take to become visible before it counts as lost. */
const SETTLE_MS = 10_000;

/**
 * Issue 12 ("Show"): realistic MIME (text and HTML, an attachment or two, DKIM-signed with a test key) through the
 * SMTP port over several connections; accepted and visible as tickets per second, p99 from `250` to the ticket in
 * the queue, nothing lost or duplicated. DNS: MAIL_DNS=none (offline; signatures are checked, no key found).
 * The messages (MESSAGES of them) are built and DKIM-signed BEFORE the timed window and sent as ready bytes
 * (nodemailer's `envelope` + `raw`), as an MTA relays a queued message: on a 2-core machine the load generator
 * shares the cores with the server and PostgreSQL, and composing and signing each mail cost the client about as
 * much CPU as the server's work on it. Sending stops after SEND_MS or when the built messages run out.
 * CPU per mail (server process, PostgreSQL, whole machine) is read from /proc over the window, for where time goes.
 * BENCH_EMAIL_SEED=1 measures the same with the tickets suite's million tickets already in the database.
 * Visible: the bench polls for processed rows and notes when it first sees each (processed_at is the 250's time, since
 * an email ticket's clock runs from it). Outbound: the acknowledgements are delivered through SMTP_RELAY_URL into a
 * local smtp-server sink; `outbound_per_s` is those delivered per second, from the first 250 to the last delivery.
 */
export async function emailBench(): Promise<Record<string, number>> {
  const smtpPort = await freePort();
  const sinkPort = await freePort();
  /** Acknowledgements answering a bench mail (In-Reply-To), by that mail's Message-ID: when the sink got each. */
  const acknowledged = new Map<string, number>();
  const sink = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 16_384) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const inReplyTo = /^in-reply-to:\s*<([^>]+)>/im.exec(head)?.[1];
        if (inReplyTo && !acknowledged.has(inReplyTo)) acknowledged.set(inReplyTo, Date.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  console.error(`email bench: server processes by ROLES: ${LAYOUT.join(' | ')}; ${CONNECTIONS} SMTP connections`);
  const server = await startBenchServer({
    roles: LAYOUT[0]!,
    extraProcesses: LAYOUT.slice(1).map((roles) => ({ roles })),
    env: {
      SMTP_PORT: String(smtpPort),
      SMTP_RELAY_URL: `smtp://127.0.0.1:${sinkPort}`,
      SMTP_MAX_CONNECTIONS_PER_CLIENT: '0',
      SMTP_MESSAGES_PER_MINUTE_PER_CLIENT: '0',
      MAIL_DNS: 'none',
      INBOUND_POLL_INTERVAL_MS: '200',
    },
    prepare: async (db) => {
      await db
        .insertInto('mail_addresses')
        .values({
          address: 'support@centrala.test',
          department_id: (await db.selectFrom('departments').select('id').where('slug', '=', 'technical').executeTakeFirstOrThrow()).id,
          purpose: 'support',
        })
        .execute();
    },
  });
  try {
    let seeded = 0;
    if (SEED) seeded = await seedAtScale(server.databaseUrl);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkim = {
      domainName: 'customer.example',
      keySelector: 'bench',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20_000, 0x41)]);
    const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', dkim });
    /** Per connection, its messages: [Message-ID, envelope sender, signed bytes]. */
    const outgoing: { id: string; from: string; raw: Buffer }[][] = Array.from({ length: CONNECTIONS }, () => []);
    for (let n = 0; n < MESSAGES; n++) {
      const c = n % CONNECTIONS;
      const i = Math.floor(n / CONNECTIONS);
      const id = `bench-${c}-${i}@customer.example`;
      const from = `kupac${c}@customer.example`;
      const built = await composer.sendMail({
        from: `Kupac ${c} <${from}>`,
        to: 'support@centrala.test',
        subject: `Poslužitelj ${c}-${i} ne odgovara – čćžšđ`,
        messageId: `<${id}>`,
        text: `Pozdrav,\n\nposlužitelj web-${c} (203.0.113.${i % 250}) ne odgovara od 14:05.\n\nLp,\nKupac\n`,
        html: `<p>Pozdrav,</p><p>poslužitelj <b>web-${c}</b> ne odgovara.</p><img src="https://tracker.example/x.png">`,
        attachments: [
          { filename: 'ping.txt', content: `PING 203.0.113.${i % 250}\nRequest timeout\n` },
          ...(i % 2 ? [{ filename: 'racun.pdf', content: pdf }] : []),
        ],
      });
      outgoing[c]!.push({ id, from, raw: built.message as Buffer });
    }
    const accepted = new Map<string, number>();
    /** When the bench first saw each mail processed into a ticket (polled every POLL_MS from the start). */
    const visibleAt = new Map<string, number>();
    let sending = true;
    let refused = 0;
    // The seeded tickets include email ones: only those the run made count.
    const emailTicketsBefore = await emailTickets(server.db);
    const commitsBefore = await commits(server.db);
    const busyBefore = machineBusyMs();
    const cpuBefore = server.cpuMs();
    const started = Date.now();
    const POLL_MS = 50;
    let stopWatchingAt = Infinity;
    const watcher = (async () => {
      const deadline = () => (sending ? Infinity : stopWatchingAt);
      while (Date.now() < deadline()) {
        // Only mails accepted and not yet seen are asked about: reading every processed row on each poll made the
        // bench's own queries grow with the run (3,000 rows 20 times a second) on the cores the server needs.
        const pending = [...accepted.keys()].filter((id) => !visibleAt.has(id));
        // A failed poll (the loaded database timing out) is only a later look, never a crash mid-send.
        const rows = pending.length
          ? await server.db
              .selectFrom('inbound')
              .select('mail_message_id')
              .where('channel', '=', 'email')
              .where('state', '=', 'processed')
              .where('ticket_id', 'is not', null)
              .where('mail_message_id', '=', (eb) => eb.fn.any(eb.val(pending)))
              .execute()
              .catch(() => [])
          : [];
        const now = Date.now();
        for (const r of rows) if (r.mail_message_id && !visibleAt.has(r.mail_message_id)) visibleAt.set(r.mail_message_id, now);
        if (!sending && visibleAt.size >= accepted.size) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    })();
    await Promise.all(
      outgoing.map(async (mails, c) => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: smtpPort,
          secure: false,
          ignoreTLS: true,
          pool: true,
          maxConnections: 1,
          maxMessages: Infinity,
        });
        for (const [k, mail] of mails.entries()) {
          if (RATE > 0) {
            // Mail n (of all connections, round robin) is due n / RATE seconds after the start.
            const wait = started + ((k * CONNECTIONS + c) / RATE) * 1000 - Date.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          }
          if (Date.now() - started >= SEND_MS) break;
          try {
            await transport.sendMail({ envelope: { from: mail.from, to: ['support@centrala.test'] }, raw: mail.raw });
            accepted.set(mail.id, Date.now());
          } catch {
            refused++;
          }
        }
        transport.close();
      }),
    );
    const sendSeconds = (Date.now() - started) / 1000;
    const ids = [...accepted.keys()];
    stopWatchingAt = Date.now() + SETTLE_MS;
    sending = false;
    await watcher;
    const allVisibleAt = Date.now();
    const busyAfter = machineBusyMs();
    const cpuAfter = server.cpuMs();
    const commitsAfter = await commits(server.db);
    const lost = ids.filter((id) => !visibleAt.has(id)).length;
    const seen = new Set([...visibleAt.keys()].filter((id) => accepted.has(id)));
    /** CPU ms per mail made visible, from the first send until all were seen (machine: the bench's sending and polling too). */
    const perMail = (before: number | undefined, after: number | undefined) =>
      before !== undefined && after !== undefined && seen.size ? Math.round(((after - before) / seen.size) * 100) / 100 : undefined;
    const duplicated = (await emailTickets(server.db)) - emailTicketsBefore - seen.size;
    const delays = ids
      .filter((id) => visibleAt.has(id))
      .map((id) => Math.max(0, visibleAt.get(id)! - accepted.get(id)!))
      .sort((a, b) => a - b);
    const p99 = delays.length ? delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.99))]! : 0;
    const lastVisible = [...visibleAt.values()].reduce((m, t) => Math.max(m, t), 0);
    // Acknowledgements still on their way get up to SETTLE_MS more.
    const ackDeadline = Date.now() + SETTLE_MS;
    while (Date.now() < ackDeadline && [...seen].some((id) => !acknowledged.has(id))) await new Promise((r) => setTimeout(r, 100));
    const acks = [...acknowledged.entries()].filter(([id]) => accepted.has(id));
    const lastAck = acks.reduce((m, [, t]) => Math.max(m, t), 0);
    return {
      emails_per_s: Math.round((seen.size / ((Math.min(lastVisible || allVisibleAt, allVisibleAt) - started) / 1000)) * 10) / 10,
      emails_accepted_per_s: Math.round((ids.length / sendSeconds) * 10) / 10,
      smtp_to_visible_p99_ms: p99,
      messages: ids.length,
      refused,
      lost,
      duplicated,
      smtp_connections: CONNECTIONS,
      offered_per_s: RATE,
      server_processes: LAYOUT.length,
      outbound_per_s: acks.length ? Math.round((acks.length / ((lastAck - started) / 1000)) * 10) / 10 : 0,
      acknowledgements: acks.length,
      ...(SEED ? { seeded_tickets: seeded } : {}),
      ...optional('server_cpu_ms_per_mail', perMail(cpuBefore.server, cpuAfter.server)),
      // Each process's share, in BENCH_EMAIL_PROCESSES's order: one event loop, one core at most.
      ...(LAYOUT.length > 1
        ? Object.assign(
            {},
            ...LAYOUT.map((_, i) =>
              optional(`server_process_${i}_cpu_ms_per_mail`, perMail(cpuBefore.processes[i], cpuAfter.processes[i])),
            ),
          )
        : {}),
      ...optional('database_cpu_ms_per_mail', perMail(cpuBefore.database, cpuAfter.database)),
      ...optional('machine_cpu_ms_per_mail', perMail(busyBefore, busyAfter)),
      ...optional('database_commits_per_mail', perMail(commitsBefore, commitsAfter)),
    };
  } finally {
    await server.close();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  }
}

async function emailTickets(db: Db): Promise<number> {
  const row = await db
    .selectFrom('tickets')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('channel', '=', 'email')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Transactions committed in the bench's database so far (the bench's own polls included: about 20 a second). */
async function commits(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`select xact_commit::text as n from pg_stat_database where datname = current_database()`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

function optional(key: string, value: number | undefined): Record<string, number> {
  return value === undefined ? {} : { [key]: value };
}

import { generateKeyPairSync } from 'node:crypto';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../apps/server/test/setup/free-port.js';
import { startBenchServer } from '../harness.js';

const CONNECTIONS = Number(process.env.BENCH_EMAIL_CONNECTIONS ?? 8);
/** Sending time; the whole suite stays well under 30 s beside the server's start. */
const SEND_MS = Number(process.env.BENCH_EMAIL_SEND_MS ?? 8000);
/** How long accepted mail may take to become visible before it counts as lost. */
const SETTLE_MS = 10_000;

/**
 * Issue 12 ("Show"): realistic MIME (text and HTML, an attachment or two, DKIM-signed with a test key) through the
 * SMTP port over several connections; accepted and visible as tickets per second, p99 from `250` to the ticket in
 * the queue, nothing lost or duplicated. DNS: MAIL_DNS=none (offline; signatures are checked, no key found).
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
  const server = await startBenchServer({
    roles: 'web,worker,smtp',
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
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkim = {
      domainName: 'customer.example',
      keySelector: 'bench',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const accepted = new Map<string, number>();
    /** When the bench first saw each mail processed into a ticket (polled every POLL_MS from the start). */
    const visibleAt = new Map<string, number>();
    let sending = true;
    let refused = 0;
    const started = Date.now();
    const POLL_MS = 50;
    let stopWatchingAt = Infinity;
    const watcher = (async () => {
      const deadline = () => (sending ? Infinity : stopWatchingAt);
      while (Date.now() < deadline()) {
        // A failed poll (the loaded database timing out) is only a later look, never a crash mid-send.
        const rows = await server.db
          .selectFrom('inbound')
          .select('mail_message_id')
          .where('channel', '=', 'email')
          .where('state', '=', 'processed')
          .where('ticket_id', 'is not', null)
          .execute()
          .catch(() => []);
        const now = Date.now();
        for (const r of rows) if (r.mail_message_id && !visibleAt.has(r.mail_message_id)) visibleAt.set(r.mail_message_id, now);
        if (!sending && visibleAt.size >= accepted.size) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    })();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20_000, 0x41)]);
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: smtpPort,
          secure: false,
          ignoreTLS: true,
          pool: true,
          maxConnections: 1,
          maxMessages: Infinity,
          dkim,
        });
        for (let i = 0; Date.now() - started < SEND_MS; i++) {
          const id = `bench-${c}-${i}@customer.example`;
          try {
            await transport.sendMail({
              from: `Kupac ${c} <kupac${c}@customer.example>`,
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
            accepted.set(id, Date.now());
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
    const lost = ids.filter((id) => !visibleAt.has(id)).length;
    const seen = new Set([...visibleAt.keys()].filter((id) => accepted.has(id)));
    const tickets = await server.db
      .selectFrom('tickets')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const duplicated = Number(tickets.n) - seen.size;
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
      outbound_per_s: acks.length ? Math.round((acks.length / ((lastAck - started) / 1000)) * 10) / 10 : 0,
      acknowledgements: acks.length,
    };
  } finally {
    await server.close();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  }
}

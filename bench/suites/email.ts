import { generateKeyPairSync } from 'node:crypto';
import nodemailer from 'nodemailer';
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
 * Outbound acknowledgements are not measured here: `outbound_per_s` is 0 until the outbound delivery is merged.
 */
export async function emailBench(): Promise<Record<string, number>> {
  const smtpPort = await freePort();
  const server = await startBenchServer({
    roles: 'web,worker,smtp',
    env: {
      SMTP_PORT: String(smtpPort),
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
    let refused = 0;
    const started = Date.now();
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
    let visible: { mail_message_id: string | null; processed_at: Date | string | null }[] = [];
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline) {
      visible = await server.db
        .selectFrom('inbound')
        .select(['mail_message_id', 'processed_at'])
        .where('channel', '=', 'email')
        .where('state', '=', 'processed')
        .where('ticket_id', 'is not', null)
        .execute();
      if (visible.length >= ids.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const allVisibleAt = Date.now();
    const seen = new Set(visible.map((v) => v.mail_message_id));
    const lost = ids.filter((id) => !seen.has(id)).length;
    const tickets = await server.db
      .selectFrom('tickets')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const duplicated = Number(tickets.n) - seen.size;
    const delays = visible
      .filter((v) => v.mail_message_id && accepted.has(v.mail_message_id) && v.processed_at)
      .map((v) => Math.max(0, new Date(v.processed_at!).getTime() - accepted.get(v.mail_message_id!)!))
      .sort((a, b) => a - b);
    const p99 = delays.length ? delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.99))]! : 0;
    const lastVisible = visible.reduce((m, v) => Math.max(m, v.processed_at ? new Date(v.processed_at).getTime() : 0), 0);
    return {
      emails_per_s: Math.round((seen.size / ((Math.min(lastVisible || allVisibleAt, allVisibleAt) - started) / 1000)) * 10) / 10,
      emails_accepted_per_s: Math.round((ids.length / sendSeconds) * 10) / 10,
      smtp_to_visible_p99_ms: p99,
      messages: ids.length,
      refused,
      lost,
      duplicated,
      smtp_connections: CONNECTIONS,
      outbound_per_s: 0,
    };
  } finally {
    await server.close();
  }
}

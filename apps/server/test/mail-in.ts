import { connect } from 'node:net';
import { createLogger } from '../src/logger.js';
import type { Modules } from '../src/modules.js';
import { smtpReceiver } from '../src/modules/email/index.js';
import { startEmailDrain } from '../src/modules/intake/index.js';

/** DNS for sender verification without internet: every domain is unknown (SPF, DKIM and DMARC none). */
export const noDns = async (): Promise<string[]> => {
  throw Object.assign(new Error('no such domain'), { code: 'ENOTFOUND' });
};

/**
 * The mail-in path as `centrala serve` runs it, for a test: the SMTP receiver on 127.0.0.1:`port` storing into the
 * modules' inbound store, and the drain that turns stored mail into tickets, woken by each stored mail. The
 * receiver's options (limits, STARTTLS certificate) as `centrala serve` sets them from its config, where given.
 */
export async function startMailIn(
  modules: Modules,
  { port, maxBytes, ...receiver }: { port: number; maxBytes: number } & Partial<Parameters<typeof smtpReceiver>[0]>,
) {
  const drain = startEmailDrain(modules.inboundEmail.intake, createLogger('silent'), 200);
  const smtp = smtpReceiver(
    { host: '127.0.0.1', port, maxBytes, maxConnectionsPerClient: 10, messagesPerMinutePerClient: 0, maxClients: 50, ...receiver },
    {
      store: modules.inboundEmail.store,
      serves: async (a) => (await modules.inboundEmail.addresses.lookup(a)) !== null,
      onStored: (id, raw) => {
        modules.inboundEmail.intake.hold(id, raw);
        drain.wake();
      },
      logger: createLogger('silent'),
    },
  );
  await smtp.listen();
  return {
    drain,
    async stop() {
      await smtp.close();
      await drain.stop();
    },
  };
}

/**
 * A raw SMTP conversation with the receiver on 127.0.0.1:`port`, byte for byte, for what a well-behaved client
 * (nodemailer) never sends: NUL bytes, bare LF, 8-bit headers without SMTPUTF8. Sends each command and waits for
 * its reply's last line; `DATA` is followed by the message (dot-stuffing left to the caller) and its `.`. Answers
 * each reply's last line, the greeting first.
 */
export async function rawSmtp(port: number, commands: (string | Buffer)[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  const replies: string[] = [];
  let buffered = '';
  let waiting: ((line: string) => void) | null = null;
  const pending: string[] = [];
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).replace(/\r$/, '');
      buffered = buffered.slice(nl + 1);
      if (line[3] === '-') continue;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w(line);
      } else pending.push(line);
    }
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined);
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = pending.shift();
      if (line !== undefined) return resolve(line);
      const timer = setTimeout(() => reject(new Error(`no SMTP reply after ${JSON.stringify(replies)}`)), 10_000);
      waiting = (l) => {
        clearTimeout(timer);
        resolve(l);
      };
    });
  replies.push(await next());
  for (const command of commands) {
    socket.write(typeof command === 'string' ? Buffer.from(command, 'latin1') : command);
    replies.push(await next());
  }
  socket.end();
  await closed;
  return replies;
}

/** One message over a raw conversation: EHLO, MAIL FROM, RCPT TO, DATA, the bytes and the final dot, QUIT. */
export function rawMail(port: number, message: Buffer, { from = 'someone@example.org', to = 'support@centrala.test' } = {}) {
  return rawSmtp(port, [
    'EHLO attacker.example\r\n',
    `MAIL FROM:<${from}>\r\n`,
    `RCPT TO:<${to}>\r\n`,
    'DATA\r\n',
    Buffer.concat([message, Buffer.from('\r\n.\r\n')]),
    'QUIT\r\n',
  ]);
}

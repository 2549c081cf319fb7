import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { MailStore } from './mail-store.js';

export interface ReceiverOptions {
  host: string;
  port: number;
  /** PEM files: when both are set, STARTTLS is offered; otherwise it is not (no self-signed default). */
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  /** Largest message accepted; a larger one is answered 552 and not stored. */
  maxBytes: number;
  /** Connections one client address may hold open at once (421 beyond). */
  maxConnectionsPerClient: number;
  /** Messages one client address may send per minute (451 beyond, so it retries later). */
  messagesPerMinutePerClient: number;
  /** Connections in all. */
  maxClients: number;
  /** The server's name in its greeting. */
  name?: string;
}

export interface ReceiverDeps {
  store: MailStore;
  /** Whether an address is ours to receive for (a `local+token@` variant included). */
  serves(address: string): Promise<boolean>;
  /** Called after a message is stored (its id and bytes): wakes this node's processing. */
  onStored?: (id: string, raw: Buffer) => void;
  logger: Logger;
}

/** An answer with its reply code: smtp-server sends `err.responseCode err.message`. */
function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The built-in SMTP receiver (issue 12 point 1a): an MX or an MTA delivers here. A message is answered `250` only
 * once its raw bytes are stored (`store`, intake's inboundMail); any failure to store is `451`, so the sender retries later.
 * Nothing a client sends may crash the process: every callback answers its error.
 */
export function smtpReceiver(options: ReceiverOptions, deps: ReceiverDeps) {
  const { logger } = deps;
  const tls = options.tlsCert && options.tlsKey ? { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } : null;
  const open = new Map<string, number>();
  const sent = new Map<string, number[]>();
  const clientOf = (s: SMTPServerSession) => s.remoteAddress || 'unknown';

  /** Sliding one-minute window per client; forgotten when empty. */
  function allowMessage(client: string): boolean {
    if (options.messagesPerMinutePerClient <= 0) return true;
    const now = Date.now();
    const times = (sent.get(client) ?? []).filter((t) => now - t < 60_000);
    if (times.length >= options.messagesPerMinutePerClient) {
      sent.set(client, times);
      return false;
    }
    times.push(now);
    sent.set(client, times);
    return true;
  }
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [client, times] of sent) if (!times.some((t) => now - t < 60_000)) sent.delete(client);
  }, 60_000);
  sweep.unref();

  const server = new SMTPServer({
    name: options.name,
    banner: 'Centrala',
    logger: false,
    secure: false,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    // No STARTTLS without a configured certificate (smtp-server would offer a self-signed one); no AUTH: we are an MX.
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: options.maxBytes,
    maxClients: options.maxClients,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onConnect(session, callback) {
      try {
        const client = clientOf(session);
        const count = (open.get(client) ?? 0) + 1;
        if (options.maxConnectionsPerClient > 0 && count > options.maxConnectionsPerClient) {
          callback(reply(421, 'Too many connections from your address, try again later'));
          return;
        }
        open.set(client, count);
        (session as SMTPServerSession & { counted?: boolean }).counted = true;
        callback();
      } catch (err) {
        logger.error({ err }, 'smtp connect check failed');
        callback(reply(421, 'Service not available, try again later'));
      }
    },
    onClose(session) {
      try {
        if (!(session as SMTPServerSession & { counted?: boolean }).counted) return;
        const client = clientOf(session);
        const count = (open.get(client) ?? 1) - 1;
        if (count <= 0) open.delete(client);
        else open.set(client, count);
      } catch (err) {
        logger.error({ err }, 'smtp close bookkeeping failed');
      }
    },
    onMailFrom(_address, session, callback) {
      try {
        if (!allowMessage(clientOf(session))) {
          callback(reply(451, 'Too many messages from your address, try again later'));
          return;
        }
        callback();
      } catch (err) {
        logger.error({ err }, 'smtp MAIL FROM check failed');
        callback(reply(451, 'Temporary failure, try again later'));
      }
    },
    onRcptTo(address, _session, callback) {
      deps.serves(address.address).then(
        (ours) => callback(ours ? undefined : reply(550, 'No such mailbox here')),
        (err: unknown) => {
          logger.warn({ err }, 'smtp recipient lookup failed');
          callback(reply(451, 'Temporary failure, try again later'));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (err?: Error, message?: string) => {
        if (done) return;
        done = true;
        callback(err ?? null, message);
      };
      stream.on('data', (chunk: Buffer) => {
        // Beyond the limit the rest is read and dropped: the answer is 552 and nothing is kept.
        size += chunk.length;
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => {
        logger.warn({ err }, 'smtp data stream failed');
        finish(reply(451, 'Temporary failure, try again later'));
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxBytes) {
          finish(reply(552, `Message exceeds fixed maximum message size ${options.maxBytes}`));
          return;
        }
        const raw = Buffer.concat(chunks, size);
        const envelope = session.envelope;
        deps.store
          .store(raw, {
            kind: 'smtp',
            mailFrom: envelope.mailFrom ? envelope.mailFrom.address || null : null,
            rcptTo: envelope.rcptTo.map((r) => r.address),
            remoteIp: session.remoteAddress || null,
            helo: session.hostNameAppearsAs || null,
          })
          .then(
            (stored) => {
              finish(undefined, `OK: queued as ${stored.id}`);
              if (!stored.duplicate) {
                try {
                  deps.onStored?.(stored.id, raw);
                } catch (err) {
                  logger.error({ err }, 'waking inbound processing failed');
                }
              }
            },
            (err: unknown) => {
              logger.warn({ err }, 'storing an inbound mail failed; answered 451');
              finish(reply(451, 'Temporary failure storing the message, try again later'));
            },
          );
      });
    },
  });
  server.on('error', (err) => logger.warn({ err }, 'smtp server error'));

  return {
    server,
    /** Listens; answers the port (useful when 0 was asked for). */
    listen(): Promise<number> {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.server.once('error', onError);
        server.listen(options.port, options.host, () => {
          server.server.off('error', onError);
          const addr = server.server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : options.port);
        });
      });
    },
    close(): Promise<void> {
      clearInterval(sweep);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
export type SmtpReceiver = ReturnType<typeof smtpReceiver>;

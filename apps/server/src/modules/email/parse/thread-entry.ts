import { parentPort, workerData } from 'node:worker_threads';
import { parseMail } from './parse-mail.js';
import { cachedResolver, systemResolver, verifySender, type DnsResolver } from './verify.js';

/** A mail parsing thread's loop (threads.ts): parses or verifies the raw bytes it is sent, answering by request id. */
const noDns: DnsResolver = () => Promise.reject(Object.assign(new Error('DNS lookups are off (MAIL_DNS=none)'), { code: 'ENOTFOUND' }));
const resolver = (workerData as { mailDns: string }).mailDns === 'none' ? cachedResolver(noDns) : systemResolver();

type Request = { id: number; raw: Uint8Array } & (
  { kind: 'parse' } | { kind: 'verify'; envelope: { mailFrom: string | null; remoteIp: string | null; helo: string | null } }
);

parentPort!.on('message', (request: Request) => {
  const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
  const work: Promise<unknown> = request.kind === 'parse' ? parseMail(raw) : verifySender(raw, request.envelope, resolver);
  work.then(
    (value) => parentPort!.postMessage({ id: request.id, ok: true, value }),
    (err: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});

import { Worker } from 'node:worker_threads';
import type { ParsedMail } from './parse-mail.js';
import type { Verification } from './verify.js';

type Envelope = { mailFrom: string | null; remoteIp: string | null; helo: string | null };
type Request = { kind: 'parse'; raw: Uint8Array } | { kind: 'verify'; raw: Uint8Array; envelope: Envelope };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * parseMail and verifySender on `threads` worker threads (MAIL_PARSE_THREADS), so a worker node's event loop keeps
 * the SMTP sessions, the queries and the writes while another core parses: both are CPU work on the raw bytes alone,
 * 1–2 ms and about 1 ms a mail. Verification there resolves by MAIL_DNS itself (a resolver function cannot cross
 * threads). Threads start with the first mail and never hold the process open. One that dies fails the requests it
 * had (the drain retries those mails with backoff) and is replaced.
 */
export function mailThreads(threads: number, mailDns: 'system' | 'none') {
  // The server runs its TypeScript through tsx: a thread registers it before loading its entry.
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => {
    tsx.register();
    return import(${JSON.stringify(new URL('./thread-entry.ts', import.meta.url).href)});
  });`;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; worker: Worker }>();
  const workers: (Worker | undefined)[] = Array.from({ length: threads });
  let next = 0;

  const spawn = (slot: number): Worker => {
    const worker = new Worker(code, { eval: true, workerData: { mailDns } });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const asked = pending.get(reply.id);
      if (!asked) return;
      pending.delete(reply.id);
      if (reply.ok) asked.resolve(reply.value);
      else asked.reject(new Error(reply.error));
    });
    // An error ends the thread: 'exit' follows and settles its requests.
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (workers[slot] === worker) workers[slot] = undefined;
      for (const [id, asked] of pending) {
        if (asked.worker !== worker) continue;
        pending.delete(id);
        asked.reject(new Error('the mail parsing thread stopped'));
      }
    });
    return worker;
  };

  function ask<T>(request: Request): Promise<T> {
    const id = ++next;
    const slot = id % threads;
    const worker = (workers[slot] ??= spawn(slot));
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, worker });
      worker.postMessage({ ...request, id });
    });
  }

  return {
    async parse(raw: Buffer): Promise<ParsedMail> {
      const parsed = await ask<ParsedMail>({ kind: 'parse', raw });
      // Buffers arrive as Uint8Arrays: made Buffers again over the same memory.
      for (const a of parsed.attachments) a.content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
      return parsed;
    },
    verify(raw: Buffer, envelope: Envelope): Promise<Verification> {
      return ask<Verification>({ kind: 'verify', raw, envelope });
    },
  };
}

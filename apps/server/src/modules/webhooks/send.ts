import http from 'node:http';
import https from 'node:https';
import { checkedLookup, type Address } from './egress.js';

/** What a receiver answered, or why it could not: every attempt's record (admins read it in the delivery log). */
export interface Answer {
  statusCode: number | null;
  durationMs: number;
  /** The start of the answer's body, as text, at most RESPONSE_KEPT bytes. */
  responseBody: string | null;
  error: string | null;
}

export const RESPONSE_KEPT = 2048;

// Kept-alive connections to receivers (a busy subscription reuses them); how many is bounded by the loop's limits.
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/**
 * POSTs `body` to `url`, connecting only to `addresses` (the egress guard checked them), following no redirect, giving
 * up after `timeoutMs` whatever the receiver does (a slow one, one that trickles its answer). Never throws.
 */
export function post(url: URL, addresses: Address[], headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const done = (answer: Omit<Answer, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, durationMs: elapsed() });
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      agent: agents[url.protocol as 'http:' | 'https:'],
      lookup: checkedLookup(addresses) as never,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ statusCode: null, responseBody: null, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ statusCode: null, responseBody: null, error: describe(err) }));
    req.on('response', (res) => {
      const kept: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_KEPT) kept.push(chunk.subarray(0, RESPONSE_KEPT - size));
        size += chunk.length;
      });
      res.on('error', (err) => done({ statusCode: res.statusCode ?? null, responseBody: null, error: describe(err) }));
      res.on('end', () =>
        done({
          statusCode: res.statusCode ?? null,
          // As text, without NUL (PostgreSQL's text refuses it); a cut multi-byte character becomes U+FFFD.
          responseBody: Buffer.concat(kept).toString('utf8').replaceAll('\u0000', ''),
          error: null,
        }),
      );
    });
    req.end(body);
  });
}

const describe = (err: NodeJS.ErrnoException) => `${err.code ? `${err.code}: ` : ''}${err.message}`.slice(0, 500);

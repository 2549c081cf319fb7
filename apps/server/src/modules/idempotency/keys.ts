import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isUniqueViolation } from '../../db/errors.js';
import type { Db } from '../../db/pool.js';
import type { Database } from '../../db/schema.js';
import type { Principal } from '../auth/index.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';

/**
 * `Idempotency-Key` (issue 9 point 6): a create whose connection reset may
 * have committed; the client retries it with the same key and gets the first
 * answer instead of a second ticket or reply. What a keyed request produced is
 * written in the same transaction as the thing itself, so a key is recorded
 * exactly when its ticket or reply exists. A request without the header costs
 * nothing; with it, one read before and one insert inside the write.
 */
export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x20-\x7e]{1,255}$/)
    .optional()
    .describe(
      'Any 1–255 printable ASCII characters, new for each submission (a UUID). A retry with the same key and request ' +
        'answers what the first one did, without writing again; kept 24 hours. The same key with another request is a ' +
        '422 request.idempotency_key_reused.',
    ),
});

/** A keyed request: whose key, and what was asked, to tell a retry from another request under the same key. */
export interface Keyed {
  principal: string;
  key: string;
  route: string;
  requestHash: string;
}

export interface Outcome {
  status: number;
  result: unknown;
}

/** The request's key, or null when it was sent without one. `request` is what was asked beyond the path (the form). */
export function keyedRequest(req: FastifyRequest, principal: Principal, request: unknown): Keyed | null {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string') return null;
  const route = `${req.method} ${req.routeOptions.url ?? ''}`;
  return {
    principal: principal.type === 'user' ? `user:${principal.user.id}` : `token:${principal.tokenId}`,
    key,
    route,
    requestHash: createHash('sha256')
      .update(JSON.stringify([req.method, req.url, request]))
      .digest('hex'),
  };
}

/** Records what a keyed request produced, inside the transaction that produced it. */
export async function recordOutcome(trx: Kysely<Database>, keyed: Keyed, outcome: Outcome): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({
      principal: keyed.principal,
      key: keyed.key,
      route: keyed.route,
      request_hash: keyed.requestHash,
      status: outcome.status,
      result: JSON.stringify(outcome.result),
    })
    .execute();
}

/** True when a write failed because another request under the same key committed first. */
export const isKeyTaken = (err: unknown) =>
  isUniqueViolation(err) && (err as { constraint?: string }).constraint === 'idempotency_keys_pkey';

const reused = () =>
  new AppError(
    'request.idempotency_key_reused',
    text(
      'This Idempotency-Key was already used for a different request; send a new key for a new request.',
      'Ovaj Idempotency-Key već je korišten za drugi zahtjev; za novi zahtjev pošaljite novi ključ.',
    ),
  );

export function idempotencyKeys(db: Db) {
  /** What an earlier request under this key produced; a 422 when that request was another one. */
  async function earlier(keyed: Keyed): Promise<Outcome | undefined> {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'result'])
      .where('principal', '=', keyed.principal)
      .where('key', '=', keyed.key)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.request_hash !== keyed.requestHash) throw reused();
    return { status: row.status, result: row.result };
  }

  return {
    /**
     * Runs `write` once per key: a retry gets `answer` of the first outcome.
     * `write` records its outcome (recordOutcome) in its own transaction; a
     * duplicate running at the same moment waits on that row and then answers
     * from it. Without a key, just `write`.
     */
    async once<T>(keyed: Keyed | null, write: () => Promise<T>, answer: (outcome: Outcome) => Promise<T> | T): Promise<T> {
      if (!keyed) return write();
      const before = await earlier(keyed);
      if (before) return answer(before);
      try {
        return await write();
      } catch (err) {
        if (!isKeyTaken(err)) throw err;
        const first = await earlier(keyed);
        if (!first) throw err;
        return answer(first);
      }
    },

    /** Forgets keys older than a day (run by a job). */
    async deleteExpired(): Promise<number> {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', new Date(Date.now() - KEEP_MS))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
export type IdempotencyKeys = ReturnType<typeof idempotencyKeys>;

const KEEP_MS = 24 * 60 * 60_000;

import { sql } from 'kysely';
import { batched } from './batched.js';
import type { Db } from './pool.js';

/**
 * The `rate_limits` table (migration 0005): fixed-window hit counters by key,
 * shared by every web process and node. It belongs to no module: the HTTP
 * app's rate limiter counts in it (http/rate-limit-store.ts adapts it to
 * @fastify/rate-limit) and the worker forgets ended windows, so it lives
 * beside the pool rather than in http/, which only the web role loads.
 */

/**
 * One hit on `key`, answered with the count so far in its window and the
 * milliseconds left of it. Hits that arrive together are written by one
 * upsert, as intake writes tickets: the per-account limit is on ticket
 * creation's hot path, where a statement per request would cost more than
 * the rest of the check.
 */
export function countRateLimitHits(db: Db): (hit: { key: string; windowMs: number }) => Promise<{ current: number; ttl: number }> {
  return batched(countMany(db), { maxBatch: 64, maxInFlight: 2 });
}

/**
 * Counts each ask once, in one statement. A row is changed once per statement,
 * so a key asked n times in the batch is counted n at once, and each ask gets
 * the count as it would have seen it alone, in order. Keys go in sorted: two
 * batches lock their rows in the same order and never deadlock.
 */
function countMany(db: Db) {
  return async (asks: { key: string; windowMs: number }[]): Promise<{ current: number; ttl: number }[]> => {
    const groups = new Map<string, { windowMs: number; n: number }>();
    for (const a of asks) {
      const group = groups.get(a.key);
      if (group) group.n++;
      else groups.set(a.key, { windowMs: a.windowMs, n: 1 });
    }
    const keys = [...groups.keys()].sort();
    const { rows } = await sql<{ key: string; hits: number; ttl_ms: number }>`
      insert into rate_limits as r (key, hits, window_ends_at)
      select k, n, now() + w * interval '1 ms'
      from unnest(${keys}::text[], ${keys.map((k) => groups.get(k)!.n)}::int[], ${keys.map((k) => groups.get(k)!.windowMs)}::float8[]) as x(k, n, w)
      on conflict (key) do update set
        hits = case when r.window_ends_at <= now() then excluded.hits else r.hits + excluded.hits end,
        window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
      returning key, hits, ceil(extract(epoch from window_ends_at - now()) * 1000)::integer as ttl_ms`.execute(db);
    const counted = new Map(rows.map((r) => [r.key, r]));
    const before = new Map<string, number>();
    return asks.map((a) => {
      const row = counted.get(a.key)!;
      const later = groups.get(a.key)!.n - 1 - (before.get(a.key) ?? 0);
      before.set(a.key, (before.get(a.key) ?? 0) + 1);
      return { current: row.hits - later, ttl: Math.max(0, row.ttl_ms) };
    });
  };
}

/** Forgets counters whose window has ended (run by a job). */
export async function deleteEndedRateLimits(db: Db): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('window_ends_at', '<', new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

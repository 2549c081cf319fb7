import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Db } from '../db/pool.js';

/**
 * @fastify/rate-limit's counters in PostgreSQL, so a limit holds across every
 * web process and node (its default store counts in each process's memory).
 * One upsert per limited request: the routes it guards (login, password
 * reset) cost an argon2 hash each, far more than this.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    /** `prefix` keeps each route's counters apart, as the plugin's own stores do. */
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      sql<{ hits: number; ttl_ms: number }>`
        insert into rate_limits as r (key, hits, window_ends_at)
        values (${this.prefix + key}, 1, now() + ${timeWindow} * interval '1 ms')
        on conflict (key) do update set
          hits = case when r.window_ends_at <= now() then 1 else r.hits + 1 end,
          window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
        returning hits, ceil(extract(epoch from window_ends_at - now()) * 1000)::integer as ttl_ms`
        .execute(db)
        .then(
          ({ rows }) => callback(null, { current: rows[0]!.hits, ttl: Math.max(0, rows[0]!.ttl_ms) }),
          (error: Error) => callback(error),
        );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes its merged options with the route under `routeInfo` (where its own stores read it), not a bare route.
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new PostgresRateLimitStore(undefined, `${this.prefix}${String(route?.method ?? '')}${String(route?.url ?? '')}-`);
    }
  };
}

/** Forgets counters whose window has ended (run by a job). */
export async function deleteEndedRateLimits(db: Db): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('window_ends_at', '<', new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

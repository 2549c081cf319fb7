import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/pool.js';
import { countRateLimitHits } from '../db/rate-limits.js';

/**
 * @fastify/rate-limit's counters in PostgreSQL, so a limit holds across every
 * web process and node (its default store counts in each process's memory).
 * The counting, batched, is `countRateLimitHits` in db/rate-limits.ts.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  const count = countRateLimitHits(db);
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    /** `prefix` keeps each route's counters apart, as the plugin's own stores do. */
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      count({ key: this.prefix + key, windowMs: timeWindow }).then(
        (result) => callback(null, result),
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

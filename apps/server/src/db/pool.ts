import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

// inet[] comes back as the text '{1.2.3.4,::1}'; parse it into string[] once, here.
const INET_ARRAY_OID: number = 1041;
// (pg's TypeId union lists only the builtin scalar oids, hence the cast.)
pg.types.setTypeParser(INET_ARRAY_OID as never, (value: string) =>
  value === '{}'
    ? []
    : value
        .slice(1, -1)
        .split(',')
        .map((v) => v.replace(/^"|"$/g, '')),
);

/**
 * How long a pool waits on PostgreSQL. The pool that serves requests and jobs
 * bounds every statement, so a stuck or frozen server fails requests in
 * seconds instead of holding them for as long as it is stuck; migrations and
 * bulk work (seeding, benchmarks) may run long and get no statement bound.
 */
export interface DbTimeouts {
  /** Longest wait for a connection: a new one includes PostgreSQL's answer to the login. */
  connectMs: number;
  /** Longest statement (PostgreSQL's statement_timeout); 0 = none. */
  statementMs: number;
}

/**
 * A frozen server (stopped, swapped out, partitioned) cannot enforce its own
 * statement_timeout: the client gives up this much later on its own.
 */
const CLIENT_GRACE_MS = 1000;

export function createDb(
  connectionString: string,
  max = 10,
  timeouts: DbTimeouts = { connectMs: 10_000, statementMs: 0 },
): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: timeouts.connectMs,
    ...(timeouts.statementMs > 0 && {
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
    }),
  });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  dropConnectionsOnClientTimeout(pool);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/**
 * pg keeps a connection whose query it gave up on waiting for (query_timeout),
 * with that query still outstanding: the next user of that connection would
 * wait behind it. Every pool with a query_timeout closes such a connection
 * instead, so the pool discards it and opens a new one.
 */
export function dropConnectionsOnClientTimeout(pool: pg.Pool): void {
  pool.on('connect', dropOnClientTimeout);
}

function dropOnClientTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((err: unknown) => {
        if (err instanceof Error && err.message === 'Query read timeout') {
          (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
        }
      });
    }
    return result;
  };
}

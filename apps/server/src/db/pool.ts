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

export function createDb(connectionString: string, max = 10): { db: Db; pool: pg.Pool } {
  // A request that cannot get a connection in 10 s fails loudly instead of hanging.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import { createDb } from '../../src/db/pool.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL without a database name. */
    pgServerUrl: string;
    /** A migrated database every test file clones its own from. */
    templateDatabase: string;
  }
}

export function serverUrlOf(url: string): string {
  const u = new URL(url);
  u.pathname = '/';
  return u.toString().replace(/\/$/, '');
}

/** Creates a migrated template database; returns its name and a function that drops it and every clone. */
export async function createTemplate(serverUrl: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `centrala_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`create database ${name}`);
  // The server's own pool: it has the error handlers graphile-worker's migrations look for.
  const { pool } = createDb(`${serverUrl}/${name}`, 1);
  await migrate(pool);
  await pool.end();
  return {
    name,
    async drop() {
      const clones = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${name}%`]);
      for (const { datname } of clones.rows) await admin.query(`drop database if exists ${admin.escapeIdentifier(datname)} with (force)`);
      await admin.end();
    },
  };
}

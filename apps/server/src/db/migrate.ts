import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Logger, runMigrations as runJobQueueMigrations } from 'graphile-worker';
import type pg from 'pg';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
// Any constant works; it only has to be the same on every node.
const MIGRATION_LOCK_KEY = 7_246_118_001;

/**
 * Applies the SQL files in migrations/ in name order, each in its own
 * transaction, once, and graphile-worker's own schema (so it exists before
 * any node, whatever its role, adds a job).
 * An advisory lock lets several nodes start at once.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const applied = await applySqlMigrations(pool);
  await runJobQueueMigrations({ pgPool: pool, logger: silentLogger });
  return applied;
}

async function applySqlMigrations(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const applied = new Set((await client.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    const done: string[] = [];
    for (const file of files) {
      if (applied.has(file)) continue;
      const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into schema_migrations (name) values ($1)', [file]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
      done.push(file);
    }
    return done;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

const silentLogger = new Logger(() => () => undefined);

import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../apps/server/src/config.js';
import { startEmbeddedPostgres } from '../apps/server/src/db/embedded.js';
import { migrate } from '../apps/server/src/db/migrate.js';
import { createDb, type Db } from '../apps/server/src/db/pool.js';
import { buildApp } from '../apps/server/src/http/app.js';
import { createLogger } from '../apps/server/src/logger.js';

export interface BenchServer {
  db: Db;
  baseUrl: string;
  /** The throwaway database, for a suite's own connections (bulk seeding, EXPLAIN). */
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * A real Centrala HTTP server on a throwaway database: the embedded
 * PostgreSQL, or a fresh database on BENCH_DATABASE_URL's server.
 */
export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'centrala-bench-'));
  await chmod(dataDir, 0o755);
  const database = await benchDatabase(dataDir);
  const { db, pool } = createDb(database.url, 20);
  await migrate(pool);
  const config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000', WEB_DIST_DIR: '/nonexistent', DATA_DIR: dataDir });
  const app: FastifyInstance = await buildApp({ config, db, logger: createLogger('silent'), databaseUrl: database.url });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    db,
    baseUrl: address,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await pool.end();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on BENCH_DATABASE_URL's server (dropped afterwards), else an embedded PostgreSQL in `dataDir`. */
async function benchDatabase(dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  if (!external) {
    const embedded = await startEmbeddedPostgres({ dataDir, port: 56_000 + Math.floor(Math.random() * 2000) });
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `centrala_bench_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = async (statement: string) => {
    const { pool } = createDb(external, 1);
    try {
      await pool.query(statement);
    } finally {
      await pool.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(external);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/**
 * Runs `job` from `concurrency` workers until `total` calls are done; returns per-call latencies (ms) and wall time.
 * A failing call stops the other workers; the first error is thrown once all have finished their call in flight
 * (so no request is still running when the caller closes the server).
 */
export async function load(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && !failure) {
        const i = next++;
        const t0 = performance.now();
        try {
          await job(i);
        } catch (error) {
          failure ??= { error };
          return;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  if (failure) throw failure.error;
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

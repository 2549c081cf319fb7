import { spawn } from 'node:child_process';
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../apps/server/src/db/embedded.js';
import { migrate } from '../apps/server/src/db/migrate.js';
import { createDb, type Db } from '../apps/server/src/db/pool.js';
import { freePort } from '../apps/server/test/setup/free-port.js';

export interface BenchServer {
  db: Db;
  baseUrl: string;
  /** CPU used so far (ms) by the server's processes and by the embedded PostgreSQL's; undefined where unknown (no /proc, external database). */
  cpuMs(): { server?: number; database?: number; processes: (number | undefined)[] };
  /** The throwaway database, for a suite's own connections (bulk seeding, EXPLAIN). */
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * HTTP processes the benchmarked server runs (its WEB_PROCESSES). One by
 * default: on this 2-core machine, shared with PostgreSQL and the load, two
 * processes created 307 tickets/s against one's 406-428/s (more context
 * switches, smaller write batches). More cores, or PostgreSQL elsewhere, change that.
 */
export const WEB_PROCESSES = Number(process.env.BENCH_WEB_PROCESSES ?? 1);

/**
 * A real Centrala server, started as `centrala serve` in processes of its own
 * (as deployed: the load generator must not share the server's event loop),
 * on a throwaway database: the embedded PostgreSQL, or a fresh database on
 * BENCH_DATABASE_URL's server. The bench's own pool is for seeding and checks.
 */
export async function startBenchServer(
  opts: {
    /** The server's ROLES; default BENCH_ROLES or web. */
    roles?: string;
    /** Server settings beside the bench's own. */
    env?: Record<string, string>;
    /** Runs on the migrated database before the server starts (e.g. SLA policies, which the server caches). */
    prepare?: (db: Db) => Promise<void>;
    /**
     * More `centrala serve` processes on the same database and DATA_DIR, each with its own ROLES (e.g. `worker`), as a
     * provider splits roles over processes ("Scaling out"); they start once the first is ready (it has migrated).
     */
    extraProcesses?: { roles: string }[];
  } = {},
): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'centrala-bench-'));
  await chmod(dataDir, 0o755);
  const database = await benchDatabase(dataDir);
  const { db, pool } = createDb(database.url, 4);
  await migrate(pool);
  await opts.prepare?.(db);
  const port = await freePort();
  const start = (roles: string, httpPort: number) => {
    const child = spawn(process.execPath, [...serverNodeArgs(), '--import', import.meta.resolve('tsx'), CLI, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(httpPort),
        WEB_PROCESSES: String(WEB_PROCESSES),
        ROLES: roles,
        DEMO_DATA: 'never',
        LOG_LEVEL: 'warn',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
        // 64 customers create thousands of tickets a second: far past a person's limit, still counted.
        TICKET_LIMIT_PER_MINUTE: '1000000',
        WEB_DIST_DIR: '/nonexistent',
        ...opts.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { child, exited: new Promise<number | null>((resolve) => child.once('exit', resolve)) };
  };
  // Jobs run elsewhere in a deployment that scales HTTP; SLA timers are still scheduled by every create.
  const servers = [start(opts.roles ?? process.env.BENCH_ROLES ?? 'web', port)];
  const baseUrl = `http://127.0.0.1:${port}`;
  const stopAll = async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
  };
  try {
    await waitUntilReady(baseUrl, servers[0]!.exited);
    // Started after the first has migrated; without the web role one answers no /readyz (see waitStarted).
    for (const extra of opts.extraProcesses ?? []) servers.push(start(extra.roles, await freePort()));
    if (servers.length > 1) await waitStarted(servers.slice(1).map((s) => s.exited));
  } catch (err) {
    await stopAll();
    await pool.end();
    await database.drop();
    throw err;
  }
  const postmasterPid = readPid(path.join(dataDir, 'postgres', 'postmaster.pid'));
  const processesCpuMs = () => servers.map((s) => (s.child.pid ? processTreeCpuMs(s.child.pid) : undefined));
  return {
    db,
    baseUrl,
    cpuMs: () => {
      const processes = processesCpuMs();
      const server = processes.includes(undefined) ? undefined : processes.reduce((a, b) => a! + b!, 0);
      return { server, database: postmasterPid && processTreeCpuMs(postmasterPid), processes };
    },
    databaseUrl: database.url,
    async close() {
      await stopAll();
      await pool.end();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** BENCH_SERVER_NODE_ARGS: Node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
function serverNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

const CLI = fileURLToPath(new URL('../apps/server/src/cli.ts', import.meta.url));

async function waitUntilReady(baseUrl: string, exited: Promise<number | null>): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`the bench server exited with code ${gone} before it was ready`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the bench server was not ready within 60 s');
}

/** Processes without an HTTP port: started when none has exited within 3 s (tsx's load and the worker's start). */
async function waitStarted(exited: Promise<number | null>[]): Promise<void> {
  const code = await Promise.race([...exited, new Promise<'up'>((r) => setTimeout(() => r('up'), 3000))]);
  if (code !== 'up') throw new Error(`an extra bench server process exited with code ${code} at its start`);
}

/** A fresh database on BENCH_DATABASE_URL's server (dropped afterwards), else an embedded PostgreSQL in `dataDir`. */
async function benchDatabase(dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  if (!external) {
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
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
export async function load(
  total: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
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

export interface HttpResponse {
  status: number;
  body: Buffer;
  text(): string;
  json<T>(): T;
}

/**
 * A lean keep-alive HTTP client for load generation. The load shares the
 * machine with the server; fetch's stream machinery cost about as much CPU
 * per request as the server's own work, which the figures would then
 * understate. A request slower than `timeoutMs` fails instead of hanging.
 */
export function httpClient(baseUrl: string, opts: { maxSockets: number; timeoutMs: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  const { hostname, port } = new URL(baseUrl);
  return (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          timeout: opts.timeoutMs,
          headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const all = Buffer.concat(chunks);
            resolve({
              status: res.statusCode ?? 0,
              body: all,
              text: () => all.toString('utf8'),
              json: <T>() => JSON.parse(all.toString('utf8')) as T,
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${opts.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
}

/** The first line of a pid file (the embedded PostgreSQL's postmaster.pid), or undefined. */
function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Linux's clock tick for /proc times (USER_HZ, 100 on every mainstream architecture). */
const USER_HZ = 100;

/**
 * CPU time (user and system, ms) a process and its descendants have used so
 * far, from /proc: the server with its WEB_PROCESSES, PostgreSQL with its
 * backends. Live descendants are read one by one; ended ones count in their
 * parent's cutime/cstime once reaped (without them a backend closing, e.g.
 * the bulk seed's, made PostgreSQL's sum go down). Undefined where /proc is
 * missing or the process is gone.
 */
export function processTreeCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let ms = ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) {
        ms += processTreeCpuMs(Number(child)) ?? 0;
      }
    }
    return ms;
  } catch {
    return undefined;
  }
}

/**
 * CPU time the whole machine has spent busy so far (all cores, user and
 * system), in ms: the load, the server and PostgreSQL together. Divided by
 * the work done, it varies less between runs than throughput does when the
 * VM's speed drifts. Undefined where /proc/stat is missing.
 */
export function machineBusyMs(): number | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    return ((user + nice + system + irq + softirq + steal) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

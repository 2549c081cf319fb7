import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export interface DemoLogin {
  role: 'client' | 'agent' | 'admin';
  email: string;
  password: string;
  name: string;
  totpSecret?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoLogins: DemoLogin[];
    /** The SMTP receiver's port (role smtp), on 127.0.0.1. */
    smtpPort: number;
    /** The embedded PostgreSQL's URL: journeys that must put in what no screen writes (a received mail) use it. */
    databaseUrl: string;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts Centrala the way `npm start` does — embedded PostgreSQL in a fresh
 * data directory, demo data on first run — and stops it by its PID afterwards.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'centrala-e2e-'));
  await chmod(dataDir, 0o755);
  // E2E_PORT / E2E_PG_PORT pin the ports where a machine shares its ports out; by default, free ones.
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await freePort();
  const pgPort = process.env.E2E_PG_PORT ? Number(process.env.E2E_PG_PORT) : await freePort();
  const smtpPort = process.env.E2E_SMTP_PORT ? Number(process.env.E2E_SMTP_PORT) : await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      SMTP_PORT: String(smtpPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'auto',
      DATABASE_URL: '',
      // Every journey's browser comes from 127.0.0.1 and files as the same demo customer: the per-address login
      // limit (20 a minute) and the per-account limits are for many clients, and one test run is dozens of
      // logins and tickets a minute. The limits themselves are tested in the integration suite.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      TICKET_LIMIT_PER_MINUTE: '0',
      REPLY_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Centrala exited during start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Centrala did not become ready in 90 s:\n${output}`);
    const ready = await fetch(`${baseUrl}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const logins = JSON.parse(await readFile(path.join(dataDir, 'demo-logins.json'), 'utf8')) as DemoLogin[];
  project.provide('baseUrl', baseUrl);
  project.provide('demoLogins', logins);
  project.provide('smtpPort', smtpPort);
  const pgPassword = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
  project.provide('databaseUrl', `postgres://centrala:${encodeURIComponent(pgPassword)}@127.0.0.1:${pgPort}/centrala`);

  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  };
}

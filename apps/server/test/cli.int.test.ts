import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from './setup/free-port.js';

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

describe('centrala CLI (issue 2: operations)', () => {
  let databaseUrl: string;
  let dataDir: string;
  const dbName = `cli_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: `${inject('pgServerUrl')}/postgres` });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    databaseUrl = `${inject('pgServerUrl')}/${dbName}`;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'centrala-cli-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: `${inject('pgServerUrl')}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad setting with a message naming it', () => {
    const r = run(['migrate'], { PORT: 'eighty', DATABASE_URL: databaseUrl });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT="eighty"');
    expect(r.stderr).not.toContain('    at '); // no stack trace for a configuration mistake
  });

  it('migrates an external database and never starts its own', () => {
    const r = run(['migrate'], { DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Database is up to date.');
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
  });

  it('serves on DATABASE_URL, seeds demo data once, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        SMTP_PORT: '0', // the SMTP receiver on any free port: 2525, its default, may be another server's
        LOG_LEVEL: 'warn',
        WEB_DIST_DIR: '/nonexistent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 30_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(out);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(out).toContain('Demo logins');
    expect(out).toMatch(/admin\s+admin@centrala\.test\s+\S+\s+TOTP secret [A-Z2-7]+/);
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);

    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);

    const again = run(['demo'], { DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
    expect(again.stdout).toContain('already has users');
  });

  it('serves from WEB_PROCESSES processes, replaces one that dies, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        WEB_DIST_DIR: '/nonexistent',
        WEB_PROCESSES: '2',
        ROLES: 'web',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // Children running the CLI (tsx may also run an esbuild child).
    const httpProcesses = () =>
      spawnSync('pgrep', ['-P', String(child.pid), '-f', 'cli.ts'], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .map(Number);
    const until = async (what: string, ok: () => Promise<boolean> | boolean) => {
      const deadline = Date.now() + 30_000;
      while (!(await ok())) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${what}:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const ready = () =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    // The welcome is printed once every HTTP process listens.
    await until('every process listening', () => out.includes('Centrala is running at'));
    const first = httpProcesses();
    expect(first).toHaveLength(2);

    process.kill(first[0]!, 'SIGKILL');
    await until('a replacement process', () => httpProcesses().length === 2 && !httpProcesses().includes(first[0]!));
    await until('ready again', ready);
    expect(out).toContain('HTTP process exited; starting another');

    const survivors = httpProcesses();
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(survivors.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });

  it('creates an admin with TOTP', () => {
    const r = run(['create-admin', '--email', 'Boss@Example.com', '--name', 'Boss'], { DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/email\s+boss@example\.com/);
    expect(r.stdout).toMatch(/TOTP secret\s+[A-Z2-7]{16,}/);
  });

  it('sets a password, without a mail, and refuses an unknown email (issue 9 point 9)', () => {
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir };
    expect(run(['create-admin', '--email', 'keys@example.com', '--name', 'Keys'], env).status).toBe(0);
    const r = run(['set-password', 'Keys@Example.com'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/password\s+\S{10,}/);
    const unknown = run(['set-password', 'nobody@example.com', '--password', 'long enough password'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no user has the email nobody@example.com');
  });
});

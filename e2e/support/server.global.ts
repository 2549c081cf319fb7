import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
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
    /**
     * Where the mail Centrala sends is kept: the server's relay (SMTP_RELAY_HOST/PORT) is an SMTP sink of this setup's
     * own, which writes every message it accepts to this directory as `<n>.eml` (the envelope in `<n>.json`).
     */
    mailSinkDir: string;
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

/** An SMTP server that accepts every mail and writes it to `dir` (no TLS, no login: 127.0.0.1 only). */
function mailSink(dir: string): SMTPServer {
  let n = 0;
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const name = String(++n).padStart(5, '0');
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        // The envelope first, the message renamed into place whole: a reader that finds the .eml finds all of it.
        writeFile(path.join(dir, `${name}.json`), JSON.stringify(envelope))
          .then(() => writeFile(path.join(dir, `${name}.part`), Buffer.concat(chunks)))
          .then(() => rename(path.join(dir, `${name}.part`), path.join(dir, `${name}.eml`)))
          .then(() => callback(), callback);
      });
    },
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
  const sinkPort = process.env.E2E_SINK_PORT ? Number(process.env.E2E_SINK_PORT) : await freePort();
  const sinkDir = path.join(dataDir, 'sent-mail');
  await mkdir(sinkDir);
  const sink = mailSink(sinkDir);
  await new Promise<void>((resolve, reject) => {
    sink.once('error', reject);
    sink.listen(sinkPort, '127.0.0.1', () => {
      sink.off('error', reject);
      resolve();
    });
  });
  // A sink error after the start (a client that hangs up) is the sink's, never the run's.
  sink.on('error', () => undefined);
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      SMTP_PORT: String(smtpPort),
      // Outbound mail goes to the sink above; our addresses are the demo provider's (support@centrala.test), so the
      // signed Reply-To (support+…@centrala.test) is one the receiver serves. No DNS: offline, nothing verifies.
      SMTP_RELAY_HOST: '127.0.0.1',
      SMTP_RELAY_PORT: String(sinkPort),
      SMTP_RELAY_SECURE: 'false',
      MAIL_DOMAIN: 'centrala.test',
      MAIL_DNS: 'none',
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
      // The webhooks journey's receiver is its own, on 127.0.0.1 over http: allowed here, refused by default.
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
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
  project.provide('mailSinkDir', sinkDir);
  const pgPassword = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
  project.provide('databaseUrl', `postgres://centrala:${encodeURIComponent(pgPassword)}@127.0.0.1:${pgPort}/centrala`);

  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  };
}

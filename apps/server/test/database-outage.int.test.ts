import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClientEvents, ServerEvents } from '@centrala/contracts';
import { sql } from 'kysely';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded.js';
import { createDb, type Db } from '../src/db/pool.js';
import { createCustomer, createStaff, departmentId, eventually, PASSWORD } from './helpers.js';
import { freePort } from './setup/free-port.js';

type Client = Socket<ServerEvents, ClientEvents>;

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');
const OUTAGE_MS = 4000;

/**
 * Issue 9 ("Show"): PostgreSQL stopped under load, with agent sockets
 * connected and busy, and started again. Centrala runs as its own process, as
 * `centrala serve` does, so that it still being alive is what is checked.
 */
describe('PostgreSQL stopped under load (issue 9 points 2, 3 and 5)', () => {
  const dirs: string[] = [];
  let pgDataDir: string;
  let pgPort: number;
  let database: EmbeddedPostgres;
  let db: Db;
  let dbPool: ReturnType<typeof createDb>['pool'];
  let centrala: ChildProcess;
  let base: string;
  let stderr = '';
  const sockets: Client[] = [];

  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    await chmod(dir, 0o755); // the embedded server runs as the postgres OS user when we are root
    dirs.push(dir);
    return dir;
  };
  const startDatabase = () => startEmbeddedPostgres({ dataDir: pgDataDir, port: pgPort, database: 'centrala' });

  beforeAll(async () => {
    pgDataDir = await tempDir('centrala-outage-pg-');
    pgPort = await freePort();
    database = await startDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    centrala = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        SMTP_PORT: '0', // the SMTP receiver on any free port: test files run side by side
        DATA_DIR: await tempDir('centrala-outage-data-'),
        WEB_DIST_DIR: '/nonexistent',
        DEMO_DATA: 'never',
        LOG_LEVEL: 'warn',
        SLA_POLL_INTERVAL_MS: '200',
        // The load below is one customer filing back to back: the per-account limit (10 a minute) would refuse it.
        TICKET_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    centrala.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await eventually(
      () =>
        fetch(`${base}/readyz`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      60_000,
    );
    ({ db, pool: dbPool } = createDb(database.url, 2));
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (centrala && centrala.exitCode === null && centrala.signalCode === null) {
      const exited = new Promise((resolve) => centrala.once('exit', resolve));
      centrala.kill('SIGTERM');
      await exited;
    }
    await dbPool?.end();
    await database?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }, 60_000);

  const alive = () => centrala.exitCode === null && centrala.signalCode === null;

  const loginAs = async (email: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('centrala_session='))!
      .split(';')[0]!;
    return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
  };

  const socketOf = (cookie: string) => {
    const s: Client = connect(base, { extraHeaders: { cookie }, transports: ['websocket'] });
    sockets.push(s);
    return new Promise<Client>((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  };

  it('lives through it, answers 503 meanwhile, and live events reach the agents again after it', async () => {
    const technical = await departmentId(db, 'technical');
    const customer = await loginAs((await createCustomer(db)).email);
    const agentEmail = (await createStaff(db, 'agent')).email;
    const agent = await loginAs(agentEmail);

    const fileTicket = (subject: string) => {
      const form = new FormData();
      form.append('payload', JSON.stringify({ departmentId: technical, priority: 'regular', subject, description: 'Under load.' }));
      return fetch(`${base}/api/client/tickets`, { method: 'POST', headers: customer, body: form });
    };
    const existing = (await (await fileTicket('Watched during the outage')).json()) as { id: string };

    const listener = await socketOf(agent.cookie);
    const watcher = await socketOf(agent.cookie);
    const leaver = await socketOf(agent.cookie);
    const heard: string[] = [];
    listener.on('ticket:changed', (t) => heard.push(t.id));
    const resyncs: true[] = [];
    listener.on('live:resync', () => resyncs.push(true));
    watcher.emit('ticket:watch', existing.id);

    // Load: tickets filed back to back by four clients, and jobs for the runner to finish, until told to stop.
    const statuses: number[] = [];
    let loading = true;
    const filing = Array.from({ length: 4 }, async (_, n) => {
      for (let i = 0; loading; i++) {
        const res = await fileTicket(`Load ${n}-${i}`).catch(() => undefined);
        statuses.push(res?.status ?? 0); // 0: no answer at all
        if (!res) return;
        await res.arrayBuffer();
        if (res.status !== 201) await new Promise((r) => setTimeout(r, 100));
      }
    });
    const jobs = (async () => {
      while (loading) {
        await sql`select graphile_worker.add_job('rate_limits:delete_ended')`.execute(db).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await eventually(() => (statuses.filter((s) => s === 201).length >= 20 ? true : undefined), 30_000);

    // The database goes away with sockets connected, and the agents carry on meanwhile.
    await database.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    watcher.emit('ticket:typing', { ticketId: existing.id, typing: true });
    watcher.emit('ticket:unwatch', existing.id);
    watcher.emit('ticket:watch', existing.id);
    leaver.close(); // an agent closing a tab

    const queue = await fetch(`${base}/api/agent/tickets`, { headers: agent });
    expect(queue.status).toBe(503);
    expect(queue.headers.get('retry-after')).toBe('5');
    expect(await queue.json()).toEqual({
      error: {
        code: 'service.unavailable',
        message: { en: expect.stringContaining('Try again'), hr: expect.stringContaining('Pokušajte') },
      },
    });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database' });
    // A tab opened meanwhile is told to come back, not that its login is gone.
    await expect(socketOf(agent.cookie)).rejects.toThrow('service.unavailable');

    await new Promise((r) => setTimeout(r, Math.max(0, outageEnds - Date.now())));
    expect(alive()).toBe(true);

    database = await startDatabase();
    await eventually(() => fetch(`${base}/readyz`).then((r) => (r.ok ? true : undefined)), 30_000);
    loading = false;
    await Promise.all([...filing, jobs]);

    // The sockets that stayed connected are told to read again what they show, and hear new events.
    await eventually(() => resyncs[0], 10_000);
    const after = (await (await fileTicket('After the outage')).json()) as { id: string };
    await eventually(() => heard.find((id) => id === after.id));

    expect(statuses).toContain(503);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(alive()).toBe(true);
    // Every failure was caught where it happened: nothing reached the process-level last resort.
    expect(stderr, stderr).not.toMatch(/FATAL|no handler/);
  }, 120_000);
});

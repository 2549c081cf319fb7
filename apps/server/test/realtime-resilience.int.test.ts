import http from 'node:http';
import type { ClientEvents, ServerEvents } from '@centrala/contracts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeClient } from '../../web/src/realtime/client.js';
import { createDb } from '../src/db/pool.js';
import { buildNode, createCustomer, createStaff, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';
import { freePort } from './setup/free-port.js';

type Client = Socket<ServerEvents, ClientEvents>;

const PER_SESSION = 3;
const PER_USER = 5;

describe('live updates that survive what clients and the database throw at them (issue 9 points 1, 3, 12)', () => {
  const ctx = useTestApp({ MAX_SOCKETS_PER_SESSION: String(PER_SESSION), MAX_SOCKETS_PER_USER: String(PER_USER) });
  let port: number;
  let customer: LoggedIn;
  const sockets: Client[] = [];

  beforeAll(async () => {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    port = (ctx.app.server.address() as { port: number }).port;
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
  });
  afterAll(() => {
    for (const s of sockets) s.close();
  });

  /** A socket of `cookie`'s session: resolves once connected, rejects with the refusal. */
  const socketOf = (cookie: string, at = port): Promise<Client> => {
    const s: Client = connect(`http://127.0.0.1:${at}`, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  };

  const fileTicket = async (subject: string) => {
    const res = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject,
      description: 'Live updates after trouble.',
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>();
  };

  /** A raw request to Socket.IO, as any web page (or script) can send it; answers the status line's code. */
  const handshake = (origin: string, upgrade: boolean, cookie: string | null = customer.cookie) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: `/socket.io/?EIO=4&transport=${upgrade ? 'websocket' : 'polling'}`,
        headers: {
          origin,
          ...(cookie && { cookie }),
          ...(upgrade && {
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          }),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses a malformed Origin with 403, by polling and by WebSocket, and keeps serving (point 1)', async () => {
    for (const origin of ['null', 'foo', 'http://', '::']) {
      expect(await handshake(origin, false), `polling, Origin: ${origin}`).toBe(403);
      expect(await handshake(origin, true), `websocket, Origin: ${origin}`).toBe(403);
    }
    expect(await handshake('http://evil.example', false)).toBe(403);
    expect(await handshake(`http://127.0.0.1:${port}`, true)).toBe(101);
    expect((await ctx.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('makes no handshake state for a request without a session cookie, nor for long-polling (a flood of them grew memory)', async () => {
    const own = `http://127.0.0.1:${port}`;
    expect(await handshake(own, false, null), 'polling without a cookie').toBe(403);
    expect(await handshake(own, true, null), 'websocket without a cookie').toBe(403);
    // Every client of ours speaks WebSocket only: a polling handshake is refused before a session exists for it.
    expect(await handshake(own, false), 'polling with a cookie').toBe(400);
    expect(await handshake(own, true), 'websocket with a cookie').toBe(101);
  });

  it('caps the sockets of one session and of one user, with a clear refusal, even when they arrive at once (point 12)', async () => {
    const agent = await createStaff(ctx.db, 'agent');
    const first = await login(ctx.app, agent.email);
    // Ten at once: the cap holds although every handshake is checked before any has connected.
    const attempts = await Promise.allSettled(Array.from({ length: 10 }, () => socketOf(first.cookie)));
    const accepted = attempts.filter((a) => a.status === 'fulfilled').map((a) => a.value);
    expect(accepted).toHaveLength(PER_SESSION);
    const refusal = attempts.find((a) => a.status === 'rejected')!.reason as Error & { data: unknown };
    expect(refusal.message).toBe('realtime.too_many_connections');
    expect(refusal.data).toMatchObject({
      code: 'realtime.too_many_connections',
      message: { en: expect.stringContaining('Too many'), hr: expect.stringContaining('Previše') },
    });

    // A closed socket gives its place back.
    accepted[0]!.close();
    await eventually(async () => (await socketOf(first.cookie).catch(() => undefined)) ?? undefined);

    // Other logins of the same user add up to the per-user cap.
    const second = await login(ctx.app, agent.email);
    await socketOf(second.cookie);
    await socketOf(second.cookie);
    await expect(socketOf(second.cookie)).rejects.toThrow('realtime.too_many_connections');
    // Someone else is not affected.
    await socketOf((await login(ctx.app, (await createStaff(ctx.db, 'agent')).email)).cookie);
  });

  it('gives back the places of handshakes their client abandoned while they were being checked (point 12)', async () => {
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    // An agent's handshake reads their departments: held up here, it is still being checked when its client leaves.
    const blocker = new pg.Client({ connectionString: ctx.databaseUrl });
    await blocker.connect();
    await blocker.query('begin; lock table staff_departments in access exclusive mode');
    const waitingOnLock = async () =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.db)
        ).rows[0]!.n,
      );
    const abandoned = Array.from({ length: PER_SESSION }, () => {
      const s: Client = connect(`http://127.0.0.1:${port}`, {
        extraHeaders: { cookie: agent.cookie },
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(s);
      return s;
    });
    await eventually(async () => ((await waitingOnLock()) >= PER_SESSION ? true : undefined));
    for (const s of abandoned) s.close();
    // The server has seen them go once their engine connections are gone; then the checks carry on.
    await new Promise((r) => setTimeout(r, 300));
    await blocker.query('rollback');
    await blocker.end();
    await eventually(async () => ((await waitingOnLock()) === 0 ? true : undefined));

    // None of them took a place for good: the session still opens its full number of sockets.
    for (let i = 0; i < PER_SESSION; i++) await socketOf(agent.cookie);
  });

  it('hears events again after its bus connection is lost, tells clients to read again, and /readyz says so meanwhile (point 3)', async () => {
    const agent = await socketOf((await login(ctx.app, (await createStaff(ctx.db, 'agent')).email)).cookie);
    const resynced: true[] = [];
    agent.on('live:resync', () => resynced.push(true));
    const seen: string[] = [];
    agent.on('ticket:changed', (t) => seen.push(t.id));

    const { rows } = await sql<{ datname: string }>`select current_database() as datname`.execute(ctx.db);
    const database = rows[0]!.datname;
    // New connections to this database are refused (as during a restart) while the pool keeps its open ones,
    // so /readyz can still reach the database and tell that only the bus is down.
    await sql`select 1`.execute(ctx.db);
    const admin = createDb(ctx.databaseUrl.replace(/\/[^/]+$/, '/postgres'), 1);
    try {
      await sql.raw(`alter database ${database} with allow_connections false`).execute(admin.db);
      const cut = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = ${database} and query ilike 'listen %'`.execute(admin.db);
      expect(cut.rows[0]!.n).toBe(1);

      const down = await eventually(async () => {
        const res = await ctx.app.inject({ url: '/readyz' });
        return res.statusCode === 503 ? res : undefined;
      });
      expect(down.json()).toEqual({ status: 'unavailable', reason: 'live_updates' });
      // It keeps trying for as long as it takes: well over the old single retry.
      await new Promise((r) => setTimeout(r, 2500));
      expect((await ctx.app.inject({ url: '/readyz' })).statusCode).toBe(503);
    } finally {
      await sql.raw(`alter database ${database} with allow_connections true`).execute(admin.db);
      await admin.pool.end();
    }

    await eventually(async () => ((await ctx.app.inject({ url: '/readyz' })).statusCode === 200 ? true : undefined), 20_000);
    await eventually(() => resynced[0]);
    const ticket = await fileTicket('After the bus came back');
    await eventually(() => seen.find((id) => id === ticket.id));
  });

  it("the web app's client tries again after a refusal that may pass (here the socket cap)", async () => {
    const session = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const others = await Promise.all(Array.from({ length: PER_SESSION }, () => socketOf(session.cookie)));
    const client = new RealtimeClient({ url: `http://127.0.0.1:${port}`, options: { extraHeaders: { cookie: session.cookie } } });
    try {
      client.start();
      await new Promise((r) => setTimeout(r, 300));
      expect(client.getState()).toBe('disconnected');
      others[0]!.close();
      await eventually(() => (client.getState() === 'connected' ? true : undefined), 10_000);
    } finally {
      client.stop();
    }
  });

  it("the web app's client connects again after a restart closed its socket, and reads again what it shows (point 3)", async () => {
    const cookie = (await login(ctx.app, (await createStaff(ctx.db, 'agent')).email)).cookie;
    // A node of its own, to restart on the same port.
    const nodePort = await freePort();
    const startNode = async () => {
      const node = buildNode(ctx);
      const app: FastifyInstance = await node;
      await app.listen({ host: '127.0.0.1', port: nodePort });
      return app;
    };
    let node = await startNode();
    const client = new RealtimeClient({ url: `http://127.0.0.1:${nodePort}`, options: { extraHeaders: { cookie } } });
    const resyncs: true[] = [];
    client.onResync(() => resyncs.push(true));
    const seen: string[] = [];
    client.on('ticket:changed', (t) => seen.push(t.id));
    try {
      client.start();
      await eventually(() => (client.getState() === 'connected' ? true : undefined));
      expect(resyncs).toHaveLength(0);

      // A graceful restart: the server closes every socket, which Socket.IO's client does not reopen by itself.
      await node.close();
      await eventually(() => (client.getState() === 'disconnected' ? true : undefined));
      node = await startNode();
      await eventually(() => (client.getState() === 'connected' ? true : undefined), 10_000);
      expect(resyncs).toHaveLength(1);
      const ticket = await fileTicket('After the restart');
      await eventually(() => seen.find((id) => id === ticket.id));
    } finally {
      client.stop();
      await node.close();
    }
  });
});

import type { ClientEvents, ServerEvents } from '@centrala/contracts';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { buildNode, createCustomer, createStaff, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

type Client = Socket<ServerEvents, ClientEvents>;

/** docs/architecture.md: every multi-node claim is proven by a test that runs two nodes. */
describe('two web nodes on one database (scale-out)', () => {
  const ctx = useTestApp(); // node A
  let nodeB: FastifyInstance;
  let poolB: ReturnType<typeof createDb>['pool'];
  let customer: LoggedIn;
  let ana: LoggedIn;
  let luka: LoggedIn;
  const sockets: Client[] = [];

  const socketTo = async (app: FastifyInstance, cookie: string): Promise<Client> => {
    const address = app.server.address() as { port: number };
    const s: Client = connect(`http://127.0.0.1:${address.port}`, { extraHeaders: { cookie }, transports: ['websocket'] });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve);
      s.once('connect_error', reject);
    });
    return s;
  };

  beforeAll(async () => {
    const b = createDb(ctx.databaseUrl, 4);
    poolB = b.pool;
    nodeB = await buildNode(ctx, { db: b.db });
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    await nodeB.listen({ host: '127.0.0.1', port: 0 });
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    // A session made on node A is valid on node B: sessions live in PostgreSQL.
    ana = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    luka = await login(nodeB, (await createStaff(ctx.db, 'agent')).email);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await nodeB?.close();
    await poolB?.end();
  });

  it('an agent connected to node B sees a ticket filed on node A at once', async () => {
    const onB = await socketTo(nodeB, ana.cookie);
    const seen: Parameters<ServerEvents['ticket:changed']>[0][] = [];
    onB.on('ticket:changed', (t) => seen.push(t));
    const res = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'high',
      subject: 'Across nodes',
      description: 'Filed on node A, watched on node B.',
    });
    expect(res.statusCode).toBe(201);
    const event = await eventually(() => seen.find((t) => t.id === res.json().id));
    expect(event).toMatchObject({ change: 'created', priority: 'high', subject: 'Across nodes' });
    // The same session works on node B's HTTP API too.
    expect((await nodeB.inject({ url: `/api/agent/tickets/${res.json().reference}`, headers: ana.headers })).statusCode).toBe(200);
  });

  it('agents on different nodes see each other viewing and typing (collision warning)', async () => {
    const t = (
      await postForm(ctx.app, '/api/client/tickets', customer, {
        departmentId: await departmentId(ctx.db, 'technical'),
        priority: 'regular',
        subject: 'Shared',
        description: 'Two agents, two nodes.',
      })
    ).json();
    const anaOnA = await socketTo(ctx.app, ana.cookie);
    const lukaOnB = await socketTo(nodeB, luka.cookie);
    const seenByAna: Parameters<ServerEvents['ticket:presence']>[0][] = [];
    anaOnA.on('ticket:presence', (p) => seenByAna.push(p));
    anaOnA.emit('ticket:watch', t.id);
    lukaOnB.emit('ticket:watch', t.id);
    await eventually(() => seenByAna.find((p) => p.viewers.length === 2));
    lukaOnB.emit('ticket:typing', { ticketId: t.id, typing: true });
    const typing = await eventually(() => seenByAna.find((p) => p.viewers.some((v) => v.typing)));
    expect(typing.viewers.filter((v) => v.typing)).toHaveLength(1);
    lukaOnB.close();
    await eventually(() => (seenByAna.at(-1)?.viewers.length === 1 ? seenByAna.at(-1) : undefined));
  });
});

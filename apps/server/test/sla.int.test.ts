import type { ServerEvents } from '@centrala/contracts';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { startWorker } from '../src/worker.js';
import { createCustomer, createStaff, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

describe('SLA clocks fire at the due instant (issue 3, R7)', () => {
  const ctx = useTestApp({ SLA_POLL_INTERVAL_MS: '250' });
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let pool: ReturnType<typeof createDb>['pool'];
  let customer: LoggedIn;
  let agent: LoggedIn;
  let socket: Socket<ServerEvents>;
  const alerts: Parameters<ServerEvents['sla:alert']>[0][] = [];
  const financialAlerts: Parameters<ServerEvents['sla:alert']>[0][] = [];
  const technicalAlerts: Parameters<ServerEvents['sla:alert']>[0][] = [];
  const others: Socket<ServerEvents>[] = [];
  const changes: Parameters<ServerEvents['ticket:changed']>[0][] = [];

  beforeAll(async () => {
    // Tests may shorten the target: 3 s for High tickets.
    await ctx.db
      .updateTable('sla_policies')
      .set({ first_response_seconds: 3 })
      .where('channel', '=', 'ticket')
      .where('priority', '=', 'high')
      .execute();
    const created = createDb(ctx.databaseUrl, 4);
    pool = created.pool;
    worker = await startWorker(pool, created.db, createLogger('silent'), ctx.config);
    const c = await createCustomer(ctx.db);
    customer = await login(ctx.app, c.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const address = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    socket = connect(address, { extraHeaders: { cookie: agent.cookie }, transports: ['websocket'] });
    socket.on('sla:alert', (a) => alerts.push(a));
    socket.on('ticket:changed', (t) => changes.push(t));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    // Agents who work in one department hear only its alerts.
    for (const [slug, sink] of [
      ['financial', financialAlerts],
      ['technical', technicalAlerts],
    ] as const) {
      const member = await createStaff(ctx.db, 'agent');
      await ctx.db
        .insertInto('staff_departments')
        .values({ user_id: member.userId, department_id: await departmentId(ctx.db, slug) })
        .execute();
      const session = await login(ctx.app, member.email);
      const s = connect(address, { extraHeaders: { cookie: session.cookie }, transports: ['websocket'] });
      s.on('sla:alert', (a) => sink.push(a));
      others.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve);
        s.once('connect_error', reject);
      });
    }
  });
  afterAll(async () => {
    socket?.close();
    for (const s of others) s.close();
    await worker?.stop();
    await pool?.end();
  });

  const fileHigh = async (subject: string) => {
    const res = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'high',
      subject,
      description: 'The whole server is unreachable.',
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; reference: string; dueAt: string }>();
  };

  it('marks an unanswered ticket breached within 5 seconds of its due time, and alerts agents live', async () => {
    const t = await fileHigh('Nobody answers');
    await eventually(async () => changes.find((x) => x.id === t.id && x.change === 'created'), 3000);

    const breach = await eventually(
      () =>
        ctx.db
          .selectFrom('ticket_events')
          .select('created_at')
          .where('ticket_id', '=', t.id)
          .where('kind', '=', 'sla_breached')
          .executeTakeFirst(),
      10_000,
    );
    const late = new Date(breach.created_at).getTime() - new Date(t.dueAt).getTime();
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(5000);
    const row = await ctx.db
      .selectFrom('tickets')
      .select(['sla_state', 'first_response_breached'])
      .where('id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sla_state: 'breached', first_response_breached: true });
    expect(
      await ctx.db
        .selectFrom('ticket_events')
        .select('kind')
        .where('ticket_id', '=', t.id)
        .where('kind', '=', 'sla_warning')
        .executeTakeFirst(),
    ).toBeDefined();

    const alert = await eventually(async () => alerts.find((a) => a.ticketId === t.id && a.level === 'breached'), 3000);
    expect(alert).toMatchObject({ reference: t.reference, priority: 'high' });
    await eventually(async () => technicalAlerts.find((a) => a.ticketId === t.id && a.level === 'breached'), 3000);
    expect(financialAlerts.filter((a) => a.ticketId === t.id)).toEqual([]);
  });

  it('a first agent reply stops the clock: no breach after the due time passes', async () => {
    const t = await fileHigh('Answered in time');
    await postForm(ctx.app, `/api/agent/tickets/${t.reference}/replies`, agent, { body: 'Looking at it now.' });
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(t.dueAt).getTime() - Date.now()) + 2000));
    const row = await ctx.db
      .selectFrom('tickets')
      .select(['sla_state', 'first_response_breached', 'first_response_at', 'due_at'])
      .where('id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(row.sla_state).toBe('ok');
    expect(row.first_response_breached).toBe(false);
    expect(row.first_response_at).not.toBeNull();
    expect(row.due_at).toBeNull();
    expect(
      await ctx.db
        .selectFrom('ticket_events')
        .select('kind')
        .where('ticket_id', '=', t.id)
        .where('kind', '=', 'sla_breached')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('closes quiet tickets after the configured period', async () => {
    const t = await fileHigh('Gone quiet');
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agent/tickets/${t.reference}`,
      headers: agent.headers,
      payload: { status: 'resolved' },
    });
    await ctx.db
      .updateTable('tickets')
      .set({ updated_at: new Date(Date.now() - 8 * 86_400_000) })
      .where('id', '=', t.id)
      .execute();
    const { ticketCommands, attachmentStore } = await import('../src/modules/tickets/index.js');
    const { slaPolicies } = await import('../src/modules/sla/index.js');
    const commands = ticketCommands({
      db: ctx.db,
      policies: slaPolicies(ctx.db),
      store: attachmentStore(ctx.dataDir),
      publicUrl: 'http://centrala.test',
    });
    expect(await commands.autoClose(7)).toBeGreaterThanOrEqual(1);
    const row = await ctx.db.selectFrom('tickets').select('status').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
  });
});

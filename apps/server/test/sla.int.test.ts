import { readFile } from 'node:fs/promises';
import type { ServerEvents } from '@centrala/contracts';
import { sql } from 'kysely';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { buildModules } from '../src/modules.js';
import { startSlaScanner } from '../src/modules/sla/index.js';
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
    worker = await startWorker(pool, buildModules({ config: ctx.config, db: created.db }), createLogger('silent'), ctx.config);
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
    expect(alert).toMatchObject({ reference: t.reference, priority: 'high', dueAt: t.dueAt });
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

  const slaEvents = (ids: string[]) =>
    ctx.db
      .selectFrom('ticket_events')
      .select(['ticket_id', 'kind', 'data', sql<string>`created_at::text`.as('at')])
      .where('ticket_id', 'in', ids)
      .where('kind', 'in', ['sla_warning', 'sla_breached'])
      .orderBy('id')
      .execute();

  it('marks many tickets due together in a few transactions, each alert exactly once with two nodes scanning (issue 9 point 14)', async () => {
    // A second worker node's scanner on its own pool, beside the one startWorker runs.
    const second = createDb(ctx.databaseUrl, 2);
    const scanner = startSlaScanner(buildModules({ config: ctx.config, db: second.db }).tickets.slaTimers, createLogger('silent'), 250);
    try {
      const tickets = await Promise.all(Array.from({ length: 40 }, (_, i) => fileHigh(`Busy desk ${i}`)));
      const ids = tickets.map((t) => t.id);
      const breaches = await eventually(async () => {
        const events = await slaEvents(ids);
        return events.filter((e) => e.kind === 'sla_breached').length === ids.length ? events : undefined;
      }, 10_000);
      // Give a double fire the chance to show.
      await new Promise((r) => setTimeout(r, 1000));
      const events = await slaEvents(ids);
      expect(events).toHaveLength(breaches.length);
      for (const t of tickets) {
        expect(events.filter((e) => e.ticket_id === t.id).map((e) => e.kind)).toEqual(['sla_warning', 'sla_breached']);
        const breach = events.find((e) => e.ticket_id === t.id && e.kind === 'sla_breached')!;
        expect(breach.data).toEqual({ dueAt: t.dueAt, at: t.dueAt });
      }
      // Written by transactions (one created_at each) that each took a batch, not one per ticket.
      const transactions = new Set(events.filter((e) => e.kind === 'sla_breached').map((e) => e.at));
      expect(transactions.size).toBeLessThan(ids.length / 4);
    } finally {
      await scanner.stop();
      await second.pool.end();
    }
  });

  it('a scan that comes after both instants gives the warning and the breach, each with the instant it was meant for', async () => {
    const t = await fileHigh('Missed while no worker ran');
    // As if every worker had been down since before the warning: the clock ran out a minute ago.
    const due = new Date(Date.now() - 60_000);
    await ctx.db.updateTable('tickets').set({ due_at: due, sla_clock_ms: 3000 }).where('id', '=', t.id).execute();
    const events = await eventually(async () => {
      const e = await slaEvents([t.id]);
      return e.length === 2 ? e : undefined;
    });
    expect(events.map((e) => [e.kind, e.data])).toEqual([
      ['sla_warning', { dueAt: due.toISOString(), at: new Date(due.getTime() - 600).toISOString() }],
      ['sla_breached', { dueAt: due.toISOString(), at: due.toISOString() }],
    ]);
    await eventually(async () => alerts.find((a) => a.ticketId === t.id && a.level === 'breached'), 3000);
  });

  it('an upgraded database: migration 0009 removes the per-ticket graphile jobs the ticket columns replace', async () => {
    const t = await fileHigh('Timer from before');
    await sql`select graphile_worker.add_job('sla_warning', ${JSON.stringify({ ticketId: t.id, dueAt: t.dueAt })}::json,
      run_at => now() + interval '1 hour', job_key => ${`sla-warning:${t.id}`})`.execute(ctx.db);
    await sql`select graphile_worker.add_job('sla_breach', ${JSON.stringify({ ticketId: t.id, dueAt: t.dueAt })}::json,
      run_at => now() + interval '1 hour', job_key => ${`sla-breach:${t.id}`})`.execute(ctx.db);
    const migration = await readFile(new URL('../src/db/migrations/0009_sla_timers.sql', import.meta.url), 'utf8');
    await sql.raw(migration).execute(ctx.db);
    const left = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs
      where task_identifier in ('sla_warning', 'sla_breach')`.execute(ctx.db);
    expect(left.rows[0]!.n).toBe(0);
    // The ticket's own timer stands in for them.
    await eventually(async () => (await slaEvents([t.id])).find((e) => e.kind === 'sla_breached'), 10_000);
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
      events: buildModules({ config: ctx.config, db: ctx.db }).events,
    });
    expect(await commands.autoClose(7)).toBeGreaterThanOrEqual(1);
    const row = await ctx.db.selectFrom('tickets').select('status').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
  });
});

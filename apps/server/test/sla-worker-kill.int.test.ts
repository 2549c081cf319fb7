import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const TARGET_SECONDS = 10;

/**
 * Issue 9 point 4: a worker node that dies while it holds a batch of SLA
 * timers must not delay their alerts by more than seconds. Two worker nodes,
 * each a real `centrala serve` process with ROLES=worker, run on one
 * database; the one that takes the breach batch is held inside its
 * transaction (its event insert waits behind a row the test has not
 * committed), killed with SIGKILL there, and the other node marks the breach.
 */
describe('SLA timers survive a worker node killed mid-batch (issue 9 point 4, R7)', () => {
  const ctx = useTestApp();
  const nodes = new Map<string, ChildProcess>();
  let customer: LoggedIn;
  let holder: pg.Client;

  const startNode = (name: string) => {
    const url = new URL(ctx.databaseUrl);
    url.searchParams.set('application_name', name);
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      env: {
        ...process.env,
        ROLES: 'worker',
        DATABASE_URL: url.toString(),
        DATA_DIR: ctx.dataDir,
        DEMO_DATA: 'never',
        LOG_LEVEL: 'silent',
        SLA_POLL_INTERVAL_MS: '250',
      },
      stdio: 'ignore',
    });
    nodes.set(name, child);
  };
  const connectionsOf = async (name: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from pg_stat_activity where application_name = ${name}`.execute(ctx.db)).rows[0]!.n,
    );

  beforeAll(async () => {
    await ctx.db
      .updateTable('sla_policies')
      .set({ first_response_seconds: TARGET_SECONDS })
      .where('channel', '=', 'ticket')
      .where('priority', '=', 'high')
      .execute();
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    holder = new pg.Client({ connectionString: ctx.databaseUrl });
    await holder.connect();
    startNode('sla-node-a');
    startNode('sla-node-b');
    // Each node is up once its scanner has connected.
    await eventually(async () => ((await connectionsOf('sla-node-a')) && (await connectionsOf('sla-node-b')) ? true : undefined), 30_000);
  }, 60_000);
  afterAll(async () => {
    await holder?.end();
    for (const child of nodes.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /**
   * Files a High ticket, waits for its warning, then holds the next event id in an
   * uncommitted row: the node that takes the breach batch (and locks the ticket) waits
   * inside its transaction for that row. Answers which node that is.
   */
  const breachBatchHeld = async () => {
    const technical = await departmentId(ctx.db, 'technical');
    const file = async (priority: string) => {
      const res = await postForm(ctx.app, '/api/client/tickets', customer, {
        departmentId: technical,
        priority,
        subject: 'Down while a node dies',
        description: 'Nothing answers.',
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string; dueAt: string }>();
    };
    // Another ticket carries the held event: a row referencing the timed ticket would lock it (foreign key) and the scans would skip it.
    const other = await file('regular');
    const ticket = await file('high');
    const kinds = async () =>
      (
        await ctx.db.selectFrom('ticket_events').select('kind').where('ticket_id', '=', ticket.id).where('kind', 'like', 'sla_%').execute()
      ).map((e) => e.kind);
    // The warning (at 80 %) comes first, from either node.
    await eventually(async () => ((await kinds()).includes('sla_warning') ? true : undefined), TARGET_SECONDS * 1000);
    expect(Date.now()).toBeLessThan(new Date(ticket.dueAt).getTime() - 500);

    await holder.query('begin');
    const { rows } = await holder.query<{ next: string }>(
      `select case when is_called then last_value + 1 else last_value end as next from ticket_events_id_seq`,
    );
    await holder.query(`insert into ticket_events (id, ticket_id, kind) overriding system value values ($1, $2, 'test_hold')`, [
      rows[0]!.next,
      other.id,
    ]);
    const blocked = await eventually(async () => {
      const r = await sql<{ application_name: string }>`
        select application_name from pg_stat_activity
        where application_name like 'sla-node-%' and wait_event_type = 'Lock' and state = 'active'`.execute(ctx.db);
      return r.rows[0]?.application_name;
    }, TARGET_SECONDS * 1000);
    // It holds the ticket: the other node's scans skip it meanwhile, and nothing is marked.
    expect((await ctx.db.selectFrom('tickets').select('sla_state').where('id', '=', ticket.id).executeTakeFirstOrThrow()).sla_state).toBe(
      'warning',
    );
    return { ticket, kinds, blocked };
  };

  /** Lets the held row go, then waits for the breach: it must come within `ms`, exactly once, from a live node. */
  const releaseAndExpectBreach = async (held: Awaited<ReturnType<typeof breachBatchHeld>>, ms: number) => {
    await holder.query('rollback');
    const released = Date.now();
    const breach = await eventually(
      () =>
        ctx.db
          .selectFrom('ticket_events')
          .select(['created_at', 'data'])
          .where('ticket_id', '=', held.ticket.id)
          .where('kind', '=', 'sla_breached')
          .executeTakeFirst(),
      ms,
    );
    expect(Date.now() - released).toBeLessThan(ms);
    expect(breach.data).toEqual({ dueAt: held.ticket.dueAt, at: held.ticket.dueAt });
    // Once: the node that held the batch left nothing behind.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await held.kinds()).sort()).toEqual(['sla_breached', 'sla_warning']);
    const row = await ctx.db
      .selectFrom('tickets')
      .select(['sla_state', 'first_response_breached'])
      .where('id', '=', held.ticket.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sla_state: 'breached', first_response_breached: true });
  };

  it('kill -9 of the node holding the breach batch: the other node marks the breach within seconds, once', async () => {
    const held = await breachBatchHeld();
    const victim = nodes.get(held.blocked)!;
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    victim.kill('SIGKILL');
    await exited;
    // The dead node's statement finishes once the row it waits for is gone, and its
    // transaction, whose client is gone, rolls back: the ticket is due again for any node.
    await releaseAndExpectBreach(held, 5000);
    expect(await connectionsOf(held.blocked)).toBe(0);
  }, 60_000);

  it('a node frozen mid-batch (its connection left open, as a host that lost power): the batch is released within seconds', async () => {
    // Two live nodes again.
    startNode('sla-node-c');
    await eventually(async () => ((await connectionsOf('sla-node-c')) ? true : undefined), 30_000);
    const held = await breachBatchHeld();
    nodes.get(held.blocked)!.kill('SIGSTOP');
    // Its transaction, idle and waiting for a client that never answers, is ended by PostgreSQL.
    await releaseAndExpectBreach(held, 8000);
  }, 60_000);
});

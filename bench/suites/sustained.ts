import os from 'node:os';
import { createDb } from '../../apps/server/src/db/pool.js';
import { hashPassword } from '../../apps/server/src/modules/auth/index.js';
import { httpClient, load, machineBusyMs, percentile, startBenchServer } from '../harness.js';
import { createCustomers, createTicket, login } from './tickets.js';

/**
 * Issue 9 point 14: tickets created at a steady rate for BENCH_SUSTAINED_MINUTES
 * (default 15), none answered, on a server running the web AND worker roles,
 * so every near-breach warning and breach fires while creation goes on.
 *
 * The first-response target of the ticket channel is set to
 * BENCH_SUSTAINED_SLA_SECONDS (default 60) for both priorities: warnings fire
 * 48 s after each ticket and breaches 60 s after it, so from the 60th second on
 * the machine creates, warns and breaches at the same rate, and that steady
 * window (from the first breach to the last create) is where the CPU per
 * ticket "with its timers" is measured. The window before the first warning
 * gives creation alone, for comparison.
 *
 * The machine figure counts everything the machine ran, other work included;
 * server_database_load_* counts only the server's, PostgreSQL's and the load
 * generator's processes.
 *
 * Lateness of an alert: its ticket_events row's created_at against the instant
 * it was meant for (data.at), over every warning and breach of the run
 * (creation stops, then the suite waits for the last breaches).
 *
 * Knobs: BENCH_SUSTAINED_RATE (tickets/s, default 320), BENCH_SUSTAINED_MINUTES
 * (default 15; decimals allowed for a short run while developing),
 * BENCH_SUSTAINED_SLA_SECONDS (default 60), BENCH_SUSTAINED_TIMERS=off (the
 * target is set to a day instead, so no timer fires; the same windows then
 * give what the run costs without its timers, for an A/B pair).
 */
const RATE = envNumber('BENCH_SUSTAINED_RATE', 320);
const MINUTES = envNumber('BENCH_SUSTAINED_MINUTES', 15);
const SLA_SECONDS = Math.round(envNumber('BENCH_SUSTAINED_SLA_SECONDS', 60));
const TIMERS = process.env.BENCH_SUSTAINED_TIMERS !== 'off';
/** Requests in flight at most: enough for the rate at ~100 ms per create; a slower server shows as a lower achieved rate. */
const MAX_IN_FLIGHT = 64;
const REQUEST_TIMEOUT_MS = 60_000;
/** How often the load tops up to the target count, and CPU is sampled. */
const TICK_MS = 10;
const SAMPLE_MS = 1000;

const log = (msg: string) => process.stderr.write(`[sustained] ${msg}\n`);

interface Sample {
  at: number;
  created: number;
  machine?: number;
  server?: number;
  database?: number;
  /** This process: the load generator. */
  client: number;
}

export async function sustainedBench(): Promise<Record<string, number | string>> {
  if (MINUTES * 60 < SLA_SECONDS + 10)
    throw new Error(`BENCH_SUSTAINED_MINUTES must leave a steady window after the ${SLA_SECONDS} s SLA target`);
  const loadBefore = os.loadavg()[0]!;
  const server = await startBenchServer({
    roles: 'web,worker',
    prepare: async (db) => {
      await db
        .updateTable('sla_policies')
        .set({ first_response_seconds: TIMERS ? SLA_SECONDS : 86_400 })
        .where('channel', '=', 'ticket')
        .execute();
    },
  });
  const { pool } = createDb(server.databaseUrl, 2);
  try {
    const departments = Object.fromEntries(
      (await pool.query<{ slug: string; id: string }>('select slug, id from departments')).rows.map((r) => [r.slug, r.id]),
    );
    const customers = await createCustomers(pool, await hashPassword('bench password 1'));
    const sessions: Record<string, string>[] = [];
    await load(customers.length, 8, async (i) => {
      sessions[i] = await login(server.baseUrl, customers[i]!.email);
    });
    const request = httpClient(server.baseUrl, { maxSockets: MAX_IN_FLIGHT, timeoutMs: REQUEST_TIMEOUT_MS });
    const create = (i: number) =>
      createTicket(request, customers, sessions, { technical: departments.technical!, financial: departments.financial! }, i);
    log(
      `creating ${RATE} tickets/s for ${MINUTES} min; ` +
        (TIMERS
          ? `SLA first response ${SLA_SECONDS} s (warning at ${SLA_SECONDS * 0.8} s)`
          : 'no SLA timer fires (BENCH_SUSTAINED_TIMERS=off)'),
    );

    // ---- Open-loop load: the target count grows with time; at most MAX_IN_FLIGHT wait for answers.
    const durationMs = MINUTES * 60_000;
    const latencies: number[] = [];
    const samples: Sample[] = [];
    let sent = 0;
    let created = 0;
    let inFlight = 0;
    let failure: unknown;
    const sample = (at: number) => {
      const cpu = server.cpuMs();
      const own = process.cpuUsage();
      samples.push({
        at,
        created,
        machine: machineBusyMs(),
        server: cpu.server,
        database: cpu.database,
        client: (own.user + own.system) / 1000,
      });
    };
    const started = performance.now();
    sample(0);
    let nextSample = SAMPLE_MS;
    let lastLog = 0;
    for (;;) {
      const elapsed = performance.now() - started;
      if (failure) throw failure;
      if (elapsed >= durationMs) break;
      const due = Math.floor((elapsed / 1000) * RATE);
      while (sent < due && inFlight < MAX_IN_FLIGHT) {
        const i = sent++;
        inFlight++;
        const t0 = performance.now();
        create(i).then(
          () => {
            latencies.push(performance.now() - t0);
            created++;
            inFlight--;
          },
          (err: unknown) => {
            failure ??= err;
            inFlight--;
          },
        );
      }
      if (elapsed >= nextSample) {
        sample(elapsed);
        nextSample += SAMPLE_MS;
      }
      if (elapsed - lastLog >= 60_000) {
        lastLog = elapsed;
        log(`${Math.round(elapsed / 1000)} s: ${created} created, ${due - sent} not yet sent of the target, ${inFlight} in flight`);
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    while (inFlight > 0) await new Promise((r) => setTimeout(r, TICK_MS));
    if (failure) throw failure;
    const creatingSeconds = (performance.now() - started) / 1000;
    sample(performance.now() - started);
    log(`created ${created} tickets in ${creatingSeconds.toFixed(1)} s`);

    // ---- Figures over windows of the samples.
    const at = (ms: number) => samples.reduce((best, s) => (Math.abs(s.at - ms) < Math.abs(best.at - ms) ? s : best));
    type Cpu = 'machine' | 'server' | 'database' | 'client' | 'ours';
    /** `ours`: the server, PostgreSQL and the load generator, without whatever else the machine ran meanwhile. */
    const cpuOf = (x: Sample, key: Cpu) =>
      key !== 'ours' ? x[key] : x.server === undefined || x.database === undefined ? undefined : x.server + x.database + x.client;
    const perTicket = (from: Sample, to: Sample, key: Cpu) => {
      const a = cpuOf(from, key);
      const b = cpuOf(to, key);
      return a === undefined || b === undefined ? undefined : round((b - a) / (to.created - from.created));
    };
    // Steady: every ticket created in it is matched by a warning and a breach of an earlier one.
    const steadyFrom = at((SLA_SECONDS + 2) * 1000);
    const steadyTo = samples.at(-1)!;
    // Creation alone: after a short warm-up, before the first warning.
    const aloneFrom = at(10_000);
    const aloneTo = at((SLA_SECONDS * 0.8 - 1) * 1000);
    const perMinute: number[] = [];
    for (let m = 60_000; m <= durationMs + 1; m += 60_000) perMinute.push(at(m).created - at(m - 60_000).created);

    // ---- Wait for the last breaches, then read every alert's lateness.
    const expected = TIMERS ? created : 0;
    const deadline = Date.now() + (SLA_SECONDS + 30) * 1000;
    const count = async () =>
      (
        await pool.query<{ warnings: string; breaches: string; doubled: string }>(
          `select count(*) filter (where kind = 'sla_warning') as warnings, count(*) filter (where kind = 'sla_breached') as breaches,
                  (select count(*) from (select 1 from ticket_events where kind like 'sla_%' group by ticket_id, kind having count(*) > 1) d) as doubled
           from ticket_events where kind in ('sla_warning', 'sla_breached')`,
        )
      ).rows[0]!;
    let counts = await count();
    while (Number(counts.breaches) < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      counts = await count();
    }
    const lateness = (
      await pool.query<{ ms: number }>(
        `select extract(epoch from created_at - (data->>'at')::timestamptz) * 1000 as ms
         from ticket_events where kind in ('sla_warning', 'sla_breached')`,
      )
    ).rows.map((r) => Number(r.ms));
    const state = (
      await pool.query<{ n: string; dead: string; size: string }>(
        `select count(*) as n, (select n_dead_tup from pg_stat_user_tables where relname = 'tickets') as dead,
                pg_size_pretty(pg_total_relation_size('tickets')) as size from tickets`,
      )
    ).rows[0]!;
    log(
      `alerts: ${counts.warnings} warnings, ${counts.breaches} breaches for ${expected} tickets (${counts.doubled} doubled); ` +
        `lateness p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${percentile(lateness, 100)} ms`,
    );
    const machineWith = perTicket(steadyFrom, steadyTo, 'machine');
    const machineAlone = perTicket(aloneFrom, aloneTo, 'machine');
    log(
      `CPU per ticket, creating alone / with its warning and breach: machine ${machineAlone} / ${machineWith} ms; ` +
        `server + PostgreSQL + load ${perTicket(aloneFrom, aloneTo, 'ours')} / ${perTicket(steadyFrom, steadyTo, 'ours')} ms`,
    );

    return {
      sustained_tickets_per_s: Math.round(created / creatingSeconds),
      sustained_target_rate: RATE,
      sustained_minutes: MINUTES,
      sustained_min_tickets_per_minute: Math.min(...perMinute),
      sustained_create_p50_ms: percentile(latencies, 50),
      sustained_create_p99_ms: percentile(latencies, 99),
      sla_first_response_seconds: TIMERS ? SLA_SECONDS : 86_400,
      ...(machineWith !== undefined && { cpu_ms_per_ticket_with_timers: machineWith }),
      ...(machineAlone !== undefined && { cpu_ms_per_ticket_creation_alone: machineAlone }),
      ...optional('server_database_load_cpu_ms_per_ticket_with_timers', perTicket(steadyFrom, steadyTo, 'ours')),
      ...optional('server_database_load_cpu_ms_per_ticket_creation_alone', perTicket(aloneFrom, aloneTo, 'ours')),
      load_client_cpu_ms_per_ticket_with_timers: perTicket(steadyFrom, steadyTo, 'client')!,
      ...optional('server_cpu_ms_per_ticket_with_timers', perTicket(steadyFrom, steadyTo, 'server')),
      ...optional('database_cpu_ms_per_ticket_with_timers', perTicket(steadyFrom, steadyTo, 'database')),
      ...optional('server_cpu_ms_per_ticket_creation_alone', perTicket(aloneFrom, aloneTo, 'server')),
      ...optional('database_cpu_ms_per_ticket_creation_alone', perTicket(aloneFrom, aloneTo, 'database')),
      steady_window_s: Math.round((steadyTo.at - steadyFrom.at) / 1000),
      sla_warnings: Number(counts.warnings),
      sla_breaches: Number(counts.breaches),
      sla_alerts_doubled: Number(counts.doubled),
      sla_alert_lateness_p50_ms: percentile(lateness, 50),
      sla_alert_lateness_p99_ms: percentile(lateness, 99),
      sla_alert_lateness_max_ms: percentile(lateness, 100),
      sustained_tickets_in_db: Number(state.n),
      sustained_tickets_size: state.size,
      machine_load_1m_before_sustained: round(loadBefore),
    };
  } finally {
    await pool.end();
    await server.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
const optional = (name: string, value: number | undefined) => (value === undefined ? {} : { [name]: value });

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

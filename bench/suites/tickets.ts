import os from 'node:os';
import { Kysely, PostgresDialect } from 'kysely';
import { createDb } from '../../apps/server/src/db/pool.js';
import type { Database } from '../../apps/server/src/db/schema.js';
import { hashPassword } from '../../apps/server/src/modules/auth/index.js';
import { ticketQueries } from '../../apps/server/src/modules/tickets/index.js';
import { httpClient, load, machineBusyMs, percentile, startBenchServer, WEB_PROCESSES } from '../harness.js';

/**
 * Issue 3 at scale: tickets filed through the real HTTP API (multipart, the
 * whole intake transaction with SLA timers, acknowledgement and realtime
 * event), then 1,000,000 tickets bulk-loaded in SQL, then the agent queue's
 * first page and full-text search against them.
 *
 * Knobs (environment): BENCH_TICKETS_CREATE (measured creates, default 4000),
 * BENCH_TICKETS_SEED (bulk-loaded tickets, default 1,000,000),
 * BENCH_EXPLAIN=1 (print EXPLAIN (ANALYZE, BUFFERS) of the measured queries to stderr).
 */
const CUSTOMERS = 64;
const CREATE_CONCURRENCY = 32;
/** A request taking longer than this fails the suite instead of hanging it (a starved or deadlocked pool). */
const REQUEST_TIMEOUT_MS = 60_000;
/** Creates before the measured ones, then ANALYZE (below): tables the planner sees as they are in use. */
const CREATE_WARMUP = 2000;
const CREATE_TOTAL = envInt('BENCH_TICKETS_CREATE', 4000);
/**
 * Creates measured again once the table holds SEED_TICKETS (bigger indexes to
 * maintain): CREATE_AT_SCALE right after the bulk seed, as earlier versions
 * measured, then again in the state a live database is in (see SCALE_STATE),
 * after CREATE_AT_SCALE_WARMUP unmeasured ones.
 */
const CREATE_AT_SCALE = envInt('BENCH_TICKETS_CREATE_AT_SCALE', 3000);
const CREATE_AT_SCALE_WARMUP = 2000;
/** The longest wait for autovacuum to finish with the seeded tables. */
const AUTOVACUUM_WAIT_MS = 180_000;
/** One ticket in this many carries a small text attachment. */
const ATTACH_EVERY = 20;

const SEED_TICKETS = envInt('BENCH_TICKETS_SEED', 1_000_000);
const SEED_ACCOUNTS = 10_000;
const SEED_AGENTS = 20;
const SEED_BATCH = 100_000;
const SEED_PARALLEL = 2;

const READ_CONCURRENCY = 8;
const QUEUE_REQUESTS = 1000;
const FILTERED_REQUESTS = 400;
const SEARCH_ROUNDS = 40;
export const PASSWORD = 'bench password 1';

/** Full-text words: common, less common, rare, very rare, absent, typed without diacritics, two words, a customer's name. */
const SEARCH_WORDS = ['poslužitelj', 'posluzitelj', 'placanje', 'certifikat', 'disk pun', 'kubernetes', 'ceph', 'hetzner', 'Velebit'];

const log = (msg: string) => process.stderr.write(`[tickets] ${msg}\n`);

type Headers = Record<string, string>;
type Pool = ReturnType<typeof createDb>['pool'];

export async function ticketsBench(): Promise<Record<string, number | string>> {
  const suiteStarted = performance.now();
  /** Other work on the machine skews every figure here; recorded to read them by. */
  const loadBefore = os.loadavg()[0]!;
  const server = await startBenchServer();
  const { pool } = createDb(server.databaseUrl, SEED_PARALLEL + 1);
  try {
    const departments = Object.fromEntries(
      (await pool.query<{ slug: string; id: string }>('select slug, id from departments')).rows.map((r) => [r.slug, r.id]),
    );
    const technical = departments.technical!;
    const financial = departments.financial!;

    // ---- People: customers with services who file tickets, agents who read the queue.
    const passwordHash = await hashPassword(PASSWORD);
    const customers = await createCustomers(pool, passwordHash);
    await createAgents(pool, passwordHash);
    const agentId = (await pool.query<{ id: string }>(`select ${uuidOf("'bench-agent-0'")} as id`)).rows[0]!.id;
    const sessions: Headers[] = [];
    await load(customers.length, READ_CONCURRENCY, async (i) => {
      sessions[i] = await login(server.baseUrl, customers[i]!.email);
    });
    const agent = await login(server.baseUrl, 'agent-0@centrala.test');
    const request = httpClient(server.baseUrl, { maxSockets: CREATE_CONCURRENCY, timeoutMs: REQUEST_TIMEOUT_MS });
    log(`${customers.length} customers and 1 agent logged in`);

    // ---- 1. Create throughput through POST /api/client/tickets.
    const create = (i: number) => createTicket(request, customers, sessions, { technical, financial }, i);
    await load(CREATE_WARMUP, CREATE_CONCURRENCY, create);
    // Statistics, as autovacuum keeps them on any database that has been running a while.
    await pool.query('analyze');
    const timersBefore = await countTimers(pool);
    const countersBefore = await databaseCounters(pool);
    const busyBefore = machineBusyMs();
    const processesBefore = server.cpuMs();
    const creates = await load(CREATE_TOTAL, CREATE_CONCURRENCY, (i) => create(CREATE_WARMUP + i));
    const busyAfter = machineBusyMs();
    const processesAfter = server.cpuMs();
    const countersAfter = await databaseCounters(pool);
    const walKbPerTicket = Math.round((Number(countersAfter.wal) - Number(countersBefore.wal)) / CREATE_TOTAL / 102.4) / 10;
    const blocksReadPerTicket =
      Math.round(((Number(countersAfter.blks_read) - Number(countersBefore.blks_read)) / CREATE_TOTAL) * 100) / 100;
    const perTicket = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? undefined : Math.round(((after - before) / CREATE_TOTAL) * 100) / 100;
    const cpuMsPerTicket = perTicket(busyBefore, busyAfter);
    const serverCpuMsPerTicket = perTicket(processesBefore.server, processesAfter.server);
    const databaseCpuMsPerTicket = perTicket(processesBefore.database, processesAfter.database);
    const slaTimers = (await countTimers(pool)) - timersBefore;
    const createdPerS = Math.round(CREATE_TOTAL / creates.seconds);
    log(
      `created ${CREATE_TOTAL} tickets in ${creates.seconds.toFixed(1)} s (${createdPerS}/s), ${slaTimers} SLA timers running; ` +
        `CPU per ticket: machine ${cpuMsPerTicket} ms, server ${serverCpuMsPerTicket} ms, PostgreSQL ${databaseCpuMsPerTicket} ms; ` +
        `WAL ${walKbPerTicket} kB, ${blocksReadPerTicket} blocks read`,
    );
    if (slaTimers < CREATE_TOTAL)
      throw new Error(`expected an SLA timer per created ticket, found ${slaTimers} for ${CREATE_TOTAL} tickets`);

    // ---- 2. Bulk-load SEED_TICKETS tickets in SQL.
    const seed = await seedTickets(pool, { technical, financial });
    let offset = CREATE_WARMUP + CREATE_TOTAL;
    /** Creates `n` tickets and what they cost: CPU, WAL and blocks PostgreSQL had to read, per ticket. */
    const createPhase = async (n: number, label: string) => {
      const before = { busy: machineBusyMs(), processes: server.cpuMs(), db: await databaseCounters(pool) };
      const from = offset;
      offset += n;
      const run = await load(n, CREATE_CONCURRENCY, (i) => create(from + i));
      const after = { busy: machineBusyMs(), processes: server.cpuMs(), db: await databaseCounters(pool) };
      const per = (a: number | undefined, b: number | undefined) =>
        a === undefined || b === undefined ? undefined : Math.round(((b - a) / n) * 100) / 100;
      const phase = {
        perS: Math.round(n / run.seconds),
        p99: percentile(run.latencies, 99),
        machineCpu: per(before.busy, after.busy),
        serverCpu: per(before.processes.server, after.processes.server),
        databaseCpu: per(before.processes.database, after.processes.database),
        walKb: Math.round((Number(after.db.wal) - Number(before.db.wal)) / n / 102.4) / 10,
        blocksRead: per(Number(before.db.blks_read), Number(after.db.blks_read)),
        checkpoints: Number(after.db.checkpoints) - Number(before.db.checkpoints),
      };
      log(
        `${label}: ${n} creates, ${phase.perS}/s, p99 ${phase.p99} ms; per ticket: machine CPU ${phase.machineCpu} ms ` +
          `(server ${phase.serverCpu}, PostgreSQL ${phase.databaseCpu}), WAL ${phase.walKb} kB, ${phase.blocksRead} blocks read; ` +
          `${phase.checkpoints} checkpoints began meanwhile`,
      );
      return phase;
    };
    // As earlier versions measured: at once, while the seed's checkpoint (its WAL far past max_wal_size) is still being written.
    const afterSeed = await createPhase(CREATE_AT_SCALE, 'at scale, right after the bulk seed');
    // The state a database that has been live a while is in (SCALE_STATE).
    const settled = await settle(pool);
    await createPhase(CREATE_AT_SCALE_WARMUP, 'at scale, warming up');
    const atScale = await createPhase(CREATE_AT_SCALE, 'at scale, steady');
    const scaleState = `${SCALE_STATE}; autovacuum ${settled.autovacuumIdle ? 'idle' : 'still running'} after ${settled.seconds} s`;
    log(scaleState);
    const ticketsInDb = Number((await pool.query<{ n: string }>('select count(*) as n from tickets')).rows[0]!.n);
    log(`${ticketsInDb} tickets in the database`);

    // ---- 3. The agent queue's first page, unfiltered and filtered.
    /** GETs a queue page as the agent; returns how many tickets it holds. */
    const fetchPage = async (url: string): Promise<number> => {
      const res = await request('GET', url, agent);
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.text()}`);
      return res.json<{ tickets: unknown[] }>().tickets.length;
    };
    const get = (url: string) => async () => {
      if ((await fetchPage(url)) === 0) throw new Error(`GET ${url}: empty page`);
    };
    const queueUrl = '/api/agent/tickets';
    const highUrl = `/api/agent/tickets?department=${financial}&priority=high`;
    const regularUrl = `/api/agent/tickets?department=${financial}&priority=regular`;
    await load(50, READ_CONCURRENCY, get(queueUrl));
    const queueSerial = await load(200, 1, get(queueUrl));
    const queue = await load(QUEUE_REQUESTS, READ_CONCURRENCY, get(queueUrl));
    log(`queue first page, one agent at a time: p50 ${percentile(queueSerial.latencies, 50)} ms`);
    log(`queue first page: p50 ${percentile(queue.latencies, 50)} ms, p99 ${percentile(queue.latencies, 99)} ms`);
    const filteredHigh = await load(FILTERED_REQUESTS, READ_CONCURRENCY, get(highUrl));
    const filteredRegular = await load(FILTERED_REQUESTS, READ_CONCURRENCY, get(regularUrl));
    log(
      `queue department+high p99 ${percentile(filteredHigh.latencies, 99)} ms, department+regular p99 ${percentile(filteredRegular.latencies, 99)} ms`,
    );
    const closedQueue = await load(40, 1, get('/api/agent/tickets?status=closed'));
    const resolvedQueue = await load(40, 1, get('/api/agent/tickets?status=resolved'));
    log(
      `queue closed / resolved, one agent at a time: p50 ${percentile(closedQueue.latencies, 50)} / ${percentile(resolvedQueue.latencies, 50)} ms`,
    );

    // ---- 4. Search: full-text words, then exact lookups (reference, IP, order number).
    const byWord = new Map<string, number[]>(SEARCH_WORDS.map((w) => [w, []]));
    const hits = new Map<string, number>();
    const search = await load(SEARCH_WORDS.length * SEARCH_ROUNDS, READ_CONCURRENCY, async (i) => {
      const word = SEARCH_WORDS[i % SEARCH_WORDS.length]!;
      const t0 = performance.now();
      hits.set(word, await fetchPage(`/api/agent/tickets?q=${encodeURIComponent(word)}`));
      byWord.get(word)!.push(performance.now() - t0);
    });
    for (const [word, ms] of byWord)
      log(`search ${JSON.stringify(word)} (${hits.get(word)} on page 1): p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms`);
    const reference = (
      await pool.query<{ reference: string }>(`select reference from tickets where status = 'open' order by reference limit 1`)
    ).rows[0]!.reference;
    const exactQueries = [reference, '198.51.0.7', '#300042'];
    const exact = await load(exactQueries.length * 20, READ_CONCURRENCY, async (i) => {
      await fetchPage(`/api/agent/tickets?q=${encodeURIComponent(exactQueries[i % exactQueries.length]!)}`);
    });
    log(`search by reference/IP/order: p50 ${percentile(exact.latencies, 50)} ms, p95 ${percentile(exact.latencies, 95)} ms`);

    if (process.env.BENCH_EXPLAIN === '1') {
      await explainQueue(pool, { limit: 50 }, agentId, 'queue first page');
      await explainQueue(pool, { limit: 50, department: financial, priority: 'regular' }, agentId, 'queue department + regular');
      for (const q of ['poslužitelj', 'kubernetes', 'hetzner', 'Velebit', '198.51.0.7', '#300042'])
        await explainQueue(pool, { limit: 50, q }, agentId, `search ${q}`);
    }

    return {
      tickets_created_per_s: createdPerS,
      create_p50_ms: percentile(creates.latencies, 50),
      create_p99_ms: percentile(creates.latencies, 99),
      create_concurrency: CREATE_CONCURRENCY,
      ...(cpuMsPerTicket !== undefined && { create_machine_cpu_ms_per_ticket: cpuMsPerTicket }),
      ...(serverCpuMsPerTicket !== undefined && { create_server_cpu_ms_per_ticket: serverCpuMsPerTicket }),
      ...(databaseCpuMsPerTicket !== undefined && { create_database_cpu_ms_per_ticket: databaseCpuMsPerTicket }),
      create_wal_kb_per_ticket: walKbPerTicket,
      create_blocks_read_per_ticket: blocksReadPerTicket,
      server_web_processes: WEB_PROCESSES,
      tickets_created: CREATE_TOTAL,
      tickets_created_per_s_at_scale: atScale.perS,
      create_p99_ms_at_scale: atScale.p99,
      ...optional('create_machine_cpu_ms_per_ticket_at_scale', atScale.machineCpu),
      ...optional('create_server_cpu_ms_per_ticket_at_scale', atScale.serverCpu),
      ...optional('create_database_cpu_ms_per_ticket_at_scale', atScale.databaseCpu),
      create_wal_kb_per_ticket_at_scale: atScale.walKb,
      ...optional('create_blocks_read_per_ticket_at_scale', atScale.blocksRead),
      checkpoints_during_at_scale: atScale.checkpoints,
      scale_state: scaleState,
      tickets_created_per_s_right_after_seed: afterSeed.perS,
      create_p99_ms_right_after_seed: afterSeed.p99,
      ...optional('create_machine_cpu_ms_per_ticket_right_after_seed', afterSeed.machineCpu),
      ...optional('create_database_cpu_ms_per_ticket_right_after_seed', afterSeed.databaseCpu),
      create_wal_kb_per_ticket_right_after_seed: afterSeed.walKb,
      ...optional('create_blocks_read_per_ticket_right_after_seed', afterSeed.blocksRead),
      checkpoints_during_right_after_seed: afterSeed.checkpoints,
      sla_timers_set: slaTimers,
      seed_tickets: SEED_TICKETS,
      seed_seconds: seed.seconds,
      seed_insert_seconds: seed.insertSeconds,
      seed_index_seconds: seed.indexSeconds,
      tickets_in_db: ticketsInDb,
      active_tickets_in_db: seed.active,
      queue_first_page_serial_p50_ms: percentile(queueSerial.latencies, 50),
      queue_first_page_p50_ms: percentile(queue.latencies, 50),
      queue_first_page_p99_ms: percentile(queue.latencies, 99),
      queue_requests_per_s: Math.round(QUEUE_REQUESTS / queue.seconds),
      queue_dept_high_p99_ms: percentile(filteredHigh.latencies, 99),
      queue_dept_regular_p50_ms: percentile(filteredRegular.latencies, 50),
      queue_dept_regular_p99_ms: percentile(filteredRegular.latencies, 99),
      queue_closed_serial_p50_ms: percentile(closedQueue.latencies, 50),
      queue_resolved_serial_p50_ms: percentile(resolvedQueue.latencies, 50),
      search_p50_ms: percentile(search.latencies, 50),
      search_p95_ms: percentile(search.latencies, 95),
      search_rare_p95_ms: percentile([...byWord.get('kubernetes')!, ...byWord.get('ceph')!, ...byWord.get('hetzner')!], 95),
      search_exact_p95_ms: percentile(exact.latencies, 95),
      machine_load_1m_before: Math.round(loadBefore * 100) / 100,
      tickets_suite_seconds: Math.round((performance.now() - suiteStarted) / 100) / 10,
    };
  } finally {
    await pool.end();
    await server.close();
  }
}

// ---------------------------------------------------------------- people

export interface Customer {
  email: string;
  serviceIds: string[];
  ip: string;
}

export async function createCustomers(pool: Pool, passwordHash: string): Promise<Customer[]> {
  const { rows } = await pool.query<{ email: string; service_ids: string[]; ip: string }>(
    `with a as (
       insert into accounts (name, email)
       select 'Bench ' || n || ' d.o.o.', 'bench-' || n || '@example.com' from generate_series(0, $1::int - 1) n
       returning id, email
     ), u as (
       insert into users (kind, account_id, email, name, password_hash)
       select 'client', a.id, a.email, 'Klijent ' || a.email, $2 from a
     ), s as (
       insert into services (account_id, name, order_number, product, location, ip_addresses)
       select a.id, 'Poslužitelj ' || split_part(a.email, '@', 1) || '-' || k, (200000 + row_number() over ())::text, 'VPS', 'Zagreb',
              array[('203.0.' || (row_number() over () % 250) || '.' || k + 10)::inet]
       from a cross join generate_series(0, 1) k
       returning account_id, id, ip_addresses
     )
     select a.email, array_agg(s.id::text order by s.id) as service_ids, min(host(s.ip_addresses[1])) as ip
     from a join s on s.account_id = a.id group by a.email order by a.email`,
    [CUSTOMERS, passwordHash],
  );
  return rows.map((r) => ({ email: r.email, serviceIds: r.service_ids, ip: r.ip }));
}

export async function login(baseUrl: string, email: string): Promise<Headers> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('centrala_session='));
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0]!, 'x-csrf-token': csrfToken };
}

// ---------------------------------------------------------------- creating through the API

const SUBJECTS = [
  'Poslužitelj ne odgovara',
  'Server down since this morning',
  'Spora mreža prema Zagrebu',
  'Problem s DNS zapisom',
  'Račun za prosinac',
  'Plaćanje nije prošlo',
  'SSL certifikat je istekao',
  'E-pošta ne stiže',
  'Sigurnosna kopija nije uspjela',
  'Visoko opterećenje procesora',
];
const SENTENCES = [
  'Od jutros poslužitelj ne odgovara na ping.',
  'Web stranica se učitava jako sporo, pogotovo navečer.',
  'Molim provjeru mrežne povezanosti prema našem stroju.',
  'We see packet loss towards our server from several locations.',
  'Nakon ažuriranja kernela sustav se ne podiže.',
  'Baza podataka vraća grešku: too many connections.',
  'Traceroute pokazuje kašnjenje na čvorištu u Beču.',
  'Korisnici prijavljuju da je stranica nedostupna.',
  'Disk je gotovo pun, molim savjet.',
];

export function newTicket(i: number, c: Customer, technical: string, financial: string) {
  const high = i % 5 === 0;
  const description = [0, 3, 7].map((k) => SENTENCES[(i + k) % SENTENCES.length]).join(' ') + (i % 3 === 0 ? ` IP adresa ${c.ip}.` : '');
  return {
    departmentId: i % 4 === 0 ? financial : technical,
    priority: high ? 'high' : 'regular',
    subject: `${SUBJECTS[i % SUBJECTS.length]} (${i})`,
    description,
    serviceId: i % 2 === 0 ? c.serviceIds[(i >> 1) % c.serviceIds.length] : null,
    ...(high && {
      incident: {
        ipOrOrder: c.ip,
        startedAtLocal: '2025-11-24T14:30',
        startedAtZone: 'Europe/Zagreb',
        diagnostics: i % 10 === 0 ? `ping ${c.ip}\n100% packet loss` : '',
      },
    }),
  };
}

/** The i-th bench ticket, filed by a customer in turn through the client area's form; every ATTACH_EVERY-th has a file. */
export async function createTicket(
  request: ReturnType<typeof httpClient>,
  customers: Customer[],
  sessions: Record<string, string>[],
  departments: { technical: string; financial: string },
  i: number,
): Promise<void> {
  const customer = customers[i % customers.length]!;
  const payload = newTicket(i, customer, departments.technical, departments.financial);
  const form = ticketForm(payload, i % ATTACH_EVERY === 0 ? traceroute(i) : undefined, i);
  const res = await request(
    'POST',
    '/api/client/tickets',
    { ...sessions[i % customers.length]!, 'content-type': form.contentType },
    form.body,
  );
  if (res.status !== 201) throw new Error(`create ${res.status}: ${res.text()}`);
}

export function traceroute(i: number) {
  return { filename: 'traceroute.txt', content: Buffer.from(`traceroute to 203.0.113.${i % 250}\n 1  10.0.0.1  0.4 ms\n 2  * * *\n`) };
}

/** The multipart body of the client area's form: a JSON `payload` part and optional `attachments` (as apps/server/test/helpers.ts ticketForm). */
export function ticketForm(payload: unknown, file: { filename: string; content: Buffer } | undefined, n: number) {
  const boundary = `----centralabench${n.toString(36).padStart(10, '0')}`;
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${JSON.stringify(payload)}\r\n`),
  ];
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${file.filename}"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Tickets with a running SLA timer (their next instant, migration 0009). */
async function countTimers(pool: Pool): Promise<number> {
  return Number(
    (
      await pool.query<{ n: string }>(
        'select count(*) as n from tickets where sla_next_instant(due_at, sla_clock_ms, sla_state) is not null',
      )
    ).rows[0]!.n,
  );
}

/** WAL position (bytes), blocks read from outside shared buffers, and checkpoints begun so far. */
async function databaseCounters(pool: Pool) {
  return (
    await pool.query<{ wal: string; blks_read: string; checkpoints: string }>(
      `select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') as wal,
              (select blks_read from pg_stat_database where datname = current_database()) as blks_read,
              (select num_timed + num_requested from pg_stat_checkpointer) as checkpoints`,
    )
  ).rows[0]!;
}

/**
 * What the at-scale creates are measured in: the state of a database that has
 * been live a while rather than one still absorbing a bulk load.
 */
const SCALE_STATE =
  'after the bulk seed: VACUUM ANALYZE, CHECKPOINT, autovacuum left to finish, then ' +
  `${CREATE_AT_SCALE_WARMUP} unmeasured creates (caches warm, index pages first written since the checkpoint)`;

/** VACUUM (ANALYZE) every table, a CHECKPOINT, and a wait (bounded) until no autovacuum worker runs. */
export async function settle(pool: Pool): Promise<{ autovacuumIdle: boolean; seconds: number }> {
  const started = performance.now();
  await pool.query('vacuum (analyze)');
  await pool.query('checkpoint');
  const deadline = Date.now() + AUTOVACUUM_WAIT_MS;
  let idle = false;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ n: string }>(`select count(*) as n from pg_stat_activity where backend_type = 'autovacuum worker'`);
    if ((idle = rows[0]!.n === '0')) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { autovacuumIdle: idle, seconds: Math.round((performance.now() - started) / 1000) };
}

const optional = (name: string, value: number | undefined) => (value === undefined ? {} : { [name]: value });

// ---------------------------------------------------------------- bulk load

const SEED_SUBJECTS = [
  'Poslužitelj ne radi',
  'Server down',
  'Spora mreža',
  'Problem s DNS zapisom',
  'Račun za prosinac',
  'Plaćanje nije prošlo',
  'SSL certifikat istekao',
  'E-pošta ne stiže',
  'Backup nije uspio',
  'Visoko opterećenje CPU',
  'Ne mogu se prijaviti',
  'Zahtjev za nadogradnju',
  'Packet loss prema Zagrebu',
  'Disk je pun',
  'Migracija domene',
  'Promjena lozinke',
  'Refund request',
  'Invoice question',
  'Website slow',
  'Database connection refused',
];
const SEED_QUALIFIERS = [
  '',
  '',
  '',
  ' – hitno',
  ' (VPS)',
  ' na dedicated serveru',
  ' nakon ažuriranja',
  ' since this morning',
  ' opet',
  ' – molim pomoć',
];
const SEED_SENTENCES = [
  'Od jutros poslužitelj ne odgovara na ping.',
  'Web stranica se učitava jako sporo, pogotovo navečer.',
  'Molim provjeru mrežne povezanosti prema našem stroju.',
  'Račun je plaćen, ali usluga je i dalje suspendirana.',
  'Nakon ažuriranja kernela sustav se ne podiže.',
  'We see packet loss towards our server from several locations.',
  'Certifikat je istekao i preglednik javlja grešku.',
  'Pošta odlazi, ali ne stiže primateljima na Gmail.',
  'Trebamo dodatni IP adresni blok.',
  'Baza podataka vraća grešku: too many connections.',
  'Traceroute pokazuje kašnjenje na čvorištu u Beču.',
  'Molimo povrat novca za neiskorišteni period.',
  'Sigurnosna kopija od noćas nije završila.',
  'Korisnici prijavljuju da je stranica nedostupna.',
  'Zaključan sam iz upravljačke ploče nakon tri pokušaja.',
  'The control panel shows a 502 error.',
  'Želimo prebaciti uslugu na jači paket.',
  'Primijetili smo neobičan promet, moguće DDoS napad.',
  'Disk je pun, load average je iznad 20.',
  'Molim ponudu za dodatnu pohranu.',
  'Plaćanje karticom ne prolazi već treći put.',
  'Hvala na brzom odgovoru.',
];

/**
 * The tickets, in batches of SEED_BATCH rows generated by one INSERT … SELECT
 * over generate_series each, SEED_PARALLEL at a time. Every value is derived
 * from the row number by hashing, so a run is reproducible. Indexes other than
 * the constraints' are dropped first and rebuilt after (the bulk-load way:
 * one sorted build instead of a million random inserts), from their own
 * definitions, so the schema ends up exactly as migrated.
 */
/** The SEED_AGENTS agents (agent-N@centrala.test) the seeded tickets are assigned to. */
export async function createAgents(pool: Pool, passwordHash: string): Promise<void> {
  await pool.query(
    `insert into users (id, kind, role, email, name, password_hash)
     select ${uuidOf("'bench-agent-' || n")}, 'staff', 'agent', 'agent-' || n || '@centrala.test', 'Agent ' || n, $1
     from generate_series(0, $2::int - 1) n`,
    [passwordHash, SEED_AGENTS],
  );
}

export async function seedTickets(pool: Pool, d: { technical: string; financial: string }) {
  const started = performance.now();
  await pool.query(
    `insert into accounts (id, name, email)
     select ${uuidOf("'bench-account-' || n")},
            (array['Jadran','Sava','Drava','Velebit','Učka','Mosor','Biokovo','Kvarner','Zagorje','Slavonija'])[1 + n % 10]
              || ' ' || (array['d.o.o.','j.d.o.o.','obrt','Ltd','GmbH'])[1 + (n / 10) % 5] || ' ' || n,
            'kontakt' || n || '@tvrtka' || n || '.hr'
     from generate_series(0, $1::int - 1) n`,
    [SEED_ACCOUNTS],
  );
  await pool.query(
    `insert into services (id, account_id, name, order_number, product, location, ip_addresses)
     select ${uuidOf("'bench-service-' || n")}, ${uuidOf("'bench-account-' || n")}, 'vps-' || n, (300000 + n)::text,
            (array['VPS','Dedicated','Hosting'])[1 + n % 3], (array['Zagreb','Split','Frankfurt'])[1 + n % 3],
            array[('198.51.' || (n / 256) % 256 || '.' || n % 256)::inet]
     from generate_series(0, $1::int - 1) n`,
    [SEED_ACCOUNTS],
  );

  const indexes = (
    await pool.query<{ name: string; def: string }>(
      `select c.relname as name, pg_get_indexdef(c.oid) as def
       from pg_index x join pg_class c on c.oid = x.indexrelid
       where x.indrelid = 'tickets'::regclass and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`,
    )
  ).rows;
  for (const ix of indexes) await pool.query(`drop index ${ix.name}`);

  const batches = Math.ceil(SEED_TICKETS / SEED_BATCH);
  let done = 0;
  await load(batches, SEED_PARALLEL, async (b) => {
    const client = await pool.connect();
    try {
      await client.query('set synchronous_commit = off');
      const from = b * SEED_BATCH + 1;
      const to = Math.min(SEED_TICKETS, (b + 1) * SEED_BATCH);
      await client.query(SEED_SQL, [
        from,
        to,
        d.technical,
        d.financial,
        SEED_SUBJECTS,
        SEED_QUALIFIERS,
        SEED_SENTENCES,
        SEED_ACCOUNTS,
        SEED_AGENTS,
        SEED_TICKETS,
      ]);
      done += to - from + 1;
      log(`seeded ${done}/${SEED_TICKETS} tickets (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } finally {
      client.release();
    }
  });
  const inserted = performance.now();

  await load(indexes.length, SEED_PARALLEL, async (i) => {
    const client = await pool.connect();
    try {
      await client.query(`set maintenance_work_mem = '512MB'`);
      await client.query(indexes[i]!.def);
    } finally {
      client.release();
    }
  });
  const indexed = performance.now();
  log(`rebuilt ${indexes.length} indexes in ${((indexed - inserted) / 1000).toFixed(1)} s`);
  await pool.query('vacuum (analyze) tickets');
  await pool.query('analyze accounts, services, users');
  const active = Number(
    (await pool.query<{ n: string }>(`select count(*) as n from tickets where status in ('open', 'awaiting_agent', 'awaiting_customer')`))
      .rows[0]!.n,
  );
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  log(`seeding took ${seconds} s (${active} active tickets)`);
  return {
    seconds,
    insertSeconds: Math.round((inserted - started) / 100) / 10,
    indexSeconds: Math.round((indexed - inserted) / 100) / 10,
    active,
  };
}

/**
 * One batch of tickets: $1..$2 the row numbers, $3/$4 the departments, $5..$7
 * the word lists, $8 accounts, $9 agents, $10 all rows. r1..r14 are independent uniform
 * values in [0, 1) hashed from the row number.
 */
const SEED_SQL = `
with g as (
  select i, ${Array.from({ length: 14 }, (_, k) => `(hashint8extended(i, ${k + 1}) & 2147483647)::float8 / 2147483648 as r${k + 1}`).join(', ')}
  from generate_series($1::bigint, $2::bigint) i
), b as (
  select g.*,
    -- Row order is time order, as in a table that has been appended to for two years: the newest
    -- fifth (the last three days) is mostly still active, older tickets mostly closed, with a
    -- stale 2.5 % still active. About 20 % active in all.
    case when i > 0.8 * $10::bigint then
           case when r2 < 0.28 then 'open' when r2 < 0.55 then 'awaiting_agent' when r2 < 0.90 then 'awaiting_customer'
                when r2 < 0.97 then 'resolved' else 'closed' end
         else
           case when r2 < 0.005 then 'open' when r2 < 0.012 then 'awaiting_agent' when r2 < 0.025 then 'awaiting_customer'
                when r2 < 0.15 then 'resolved' else 'closed' end
    end as status,
    case when r4 < 0.10 then 'high' else 'regular' end as priority,
    case when r5 < 0.50 then 'ticket' when r5 < 0.85 then 'email' when r5 < 0.95 then 'chat' else 'api' end as channel,
    -- Skewed: a few accounts have many tickets, most have a handful.
    floor(r1 * r1 * $8::int)::int as acct,
    (i * 1000003 + 7777777) % 656100000000 as refn
  from g
), c as (
  select b.*,
    case when i > 0.8 * $10::bigint then now() - ($10::bigint - i) / (0.2 * $10::bigint) * interval '3 days'
         else now() - interval '3 days' - (0.8 * $10::bigint - i) / (0.8 * $10::bigint) * interval '727 days' end as created,
    (case channel when 'chat' then 30 when 'email' then 1800 else 600 end) * 1000::bigint as fr_ms,
    (case when channel = 'chat' then 120 when priority = 'high' then 3600 else 14400 end) * 1000::bigint as nr_ms
  from b
), e as (
  select c.*,
    case when status = 'open' then created
         when status in ('awaiting_agent', 'awaiting_customer') then created + r9 * (now() - created)
         else least(now(), created + r9 * interval '10 days') end as updated,
    case when status = 'open' or r10 > 0.97 then null else created + fr_ms * (0.2 + r10 * 1.5) * interval '1 ms' end as first_resp,
    ($5::text[])[1 + floor(r12 * ${SEED_SUBJECTS.length})::int] || ($6::text[])[1 + floor(r13 * ${SEED_QUALIFIERS.length})::int] as subject,
    ($7::text[])[1 + floor(r14 * ${SEED_SENTENCES.length})::int] || ' ' || ($7::text[])[1 + floor(r6 * ${SEED_SENTENCES.length})::int] || ' '
      || ($7::text[])[1 + floor(r11 * ${SEED_SENTENCES.length})::int]
      || case when r7 < 0.15 then ' IP adresa 198.51.' || (acct / 256) % 256 || '.' || acct % 256 || '.' else '' end
      || case when i % 1000 = 7 then ' Koristimo kubernetes klaster.' else '' end
      || case when i % 20011 = 3 then ' Ceph pohrana je degradirana.' else '' end as body
  from c
), f as (
  select e.*,
    'T-' || ${[7, 6, 5, 4].map((k) => `substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', ((refn / ${30 ** k}) % 30)::int + 1, 1)`).join(' || ')}
      || '-' || ${[3, 2, 1, 0].map((k) => `substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', ((refn / ${30 ** k}) % 30)::int + 1, 1)`).join(' || ')} as reference,
    case when status = 'open' then created + fr_ms * interval '1 ms'
         when status = 'awaiting_agent' then updated + nr_ms * interval '1 ms' end as due,
    case when status = 'open' then fr_ms when status = 'awaiting_agent' then nr_ms end as clock_ms
  from e
)
insert into tickets (reference, account_id, department_id, priority, status, channel, trust, subject, service_id, incident, assignee_id,
  created_at, updated_at, first_response_at, resolved_at, closed_at, first_response_due_at, next_response_due_at, due_at,
  sla_paused_remaining_ms, sla_clock_ms, sla_state, first_response_breached, search_vector)
select
  reference,
  ${uuidOf("'bench-account-' || acct")},
  case when r6 < 0.7 then $3::uuid else $4::uuid end,
  priority, status, channel,
  case when channel = 'email' then (case when r8 < 0.7 then 'email_authenticated' else 'email_claimed' end) else 'session' end,
  subject,
  case when r8 < 0.6 then ${uuidOf("'bench-service-' || acct")} end,
  case when r7 < 0.15 then jsonb_build_object('ipAddresses', jsonb_build_array('198.51.' || (acct / 256) % 256 || '.' || acct % 256),
    'orderNumbers', '[]'::jsonb, 'serviceName', null, 'startedAt', null, 'hasDiagnostics', r9 < 0.5, 'diagnostics', null, 'missing', '[]'::jsonb)
    else '{}'::jsonb end,
  case when (status = 'open' and r11 < 0.2) or (status <> 'open' and r11 < 0.85) then ${uuidOf("'bench-agent-' || i % $9::int")} end,
  created, updated, first_resp,
  case when status in ('resolved', 'closed') then updated end,
  case when status = 'closed' then updated end,
  created + fr_ms * interval '1 ms',
  case when status = 'awaiting_agent' then due end,
  due,
  case when status = 'awaiting_customer' then (r10 * nr_ms)::bigint end,
  clock_ms,
  case when due is null then 'ok' when due < now() then 'breached' when due - now() < clock_ms * 0.2::float8 * interval '1 ms' then 'warning' else 'ok' end,
  coalesce(first_resp, now()) > created + fr_ms * interval '1 ms',
  -- As intake writes it: the reference's groups, then the words (migration 0014).
  to_tsvector('centrala', reference_search_text(reference) || ' ' || subject || ' ' || body)
from f
on conflict (reference) do nothing`;

// ---------------------------------------------------------------- plans

/**
 * Runs the server's own queue code through a logging Kysely and prints
 * EXPLAIN (ANALYZE, BUFFERS) of exactly the SQL it sent (a search may send
 * one query per way of matching).
 */
async function explainQueue(pool: Pool, filter: Parameters<ReturnType<typeof ticketQueries>['queue']>[0], me: string, label: string) {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const started = performance.now();
  await ticketQueries(db).queue(filter, me);
  const ms = (performance.now() - started).toFixed(1);
  if (!captured.length) throw new Error('no query captured');
  for (const [n, query] of captured.entries()) {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
    process.stderr.write(
      `\n===== EXPLAIN ${label} (query ${n + 1} of ${captured.length}; queue() took ${ms} ms)\n${query.sql}\n-- ${JSON.stringify(query.parameters)}\n` +
        `${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`,
    );
  }
}

/** A deterministic UUID from a text expression, with the version-4 and RFC variant bits (z.uuid() rejects others). */
function uuidOf(expr: string): string {
  return `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;
}

/**
 * The tickets suite's bulk load (BENCH_TICKETS_SEED tickets, default 1,000,000, with their accounts, services and
 * agents), then VACUUM and a checkpoint, on a bench server's database: other suites measure at that scale when asked
 * (BENCH_EMAIL_SEED, BENCH_PROVISIONING_SEED). Answers the tickets present.
 */
export async function seedAtScale(databaseUrl: string): Promise<number> {
  const { pool } = createDb(databaseUrl, 3);
  try {
    const departments = Object.fromEntries(
      (await pool.query<{ slug: string; id: string }>('select slug, id from departments')).rows.map((r) => [r.slug, r.id]),
    );
    await createAgents(pool, await hashPassword(PASSWORD));
    await seedTickets(pool, { technical: departments.technical!, financial: departments.financial! });
    await settle(pool);
    return Number((await pool.query<{ n: string }>('select count(*)::text as n from tickets')).rows[0]!.n);
  } finally {
    await pool.end();
  }
}

export function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

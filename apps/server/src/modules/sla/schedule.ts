import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { warningAt } from './clock.js';

export interface SlaJobPayload {
  ticketId: string;
  /** The due instant this job was set for; a moved or stopped clock makes it a no-op. */
  dueAt: string;
}

/**
 * Sets (or replaces) the timer of a ticket's running clock, in the caller's
 * transaction: the timer exists if and only if the ticket change committed.
 * Only the near-breach (80 %) job is added here; it adds the breach job when
 * it runs, so a ticket answered in time costs one job, not two, on the
 * request path. `due = null` removes both.
 */
export async function scheduleSlaJobs(db: Kysely<Database>, ticketId: string, due: Date | null, clockMs: number | null): Promise<void> {
  if (!due) {
    await sql`select graphile_worker.remove_job(${`sla-warning:${ticketId}`}), graphile_worker.remove_job(${`sla-breach:${ticketId}`})`.execute(
      db,
    );
    return;
  }
  await sql`select ${slaTimersSql([{ ticketId, due, clockMs }])}`.execute(db);
}

export interface SlaTimer {
  ticketId: string;
  due: Date;
  clockMs: number | null;
}

/**
 * The near-breach timers of many running clocks as one expression (one
 * add_jobs call, whose job keys replace each ticket's earlier timer). The
 * timers go in as arrays, so the text is the same for one timer or many.
 */
export function slaTimersSql(timers: SlaTimer[]) {
  const payloads = timers.map(({ ticketId, due }) => JSON.stringify({ ticketId, dueAt: due.toISOString() } satisfies SlaJobPayload));
  const runAt = timers.map(({ due, clockMs }) => (clockMs ? warningAt(due, clockMs) : due));
  const keys = timers.map(({ ticketId }) => `sla-warning:${ticketId}`);
  return sql<string>`(select count(*) from graphile_worker.add_jobs(array(
    select row('sla_warning', j.payload, null, j.run_at, 5, j.job_key, null, null)::graphile_worker.job_spec
    from unnest(${payloads}::json[], ${runAt}::timestamptz[], ${keys}::text[]) as j(payload, run_at, job_key))))`;
}

/** The breach timer, at the due instant; added by the near-breach job. */
export async function scheduleBreachJob(db: Kysely<Database>, payload: SlaJobPayload): Promise<void> {
  await sql`select graphile_worker.add_job('sla_breach', ${JSON.stringify(payload)}::json, run_at => ${new Date(payload.dueAt)}, job_key => ${`sla-breach:${payload.ticketId}`}, job_key_mode => 'replace', max_attempts => 5)`.execute(
    db,
  );
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { warningAt } from './clock.js';

export interface SlaJobPayload {
  ticketId: string;
  /** The due instant this job was set for; a moved or stopped clock makes it a no-op. */
  dueAt: string;
}

/**
 * Sets (or replaces) the near-breach and breach jobs of a ticket's running
 * clock, at their exact instants, in the caller's transaction: the timer
 * exists if and only if the ticket change committed. `due = null` removes them.
 */
export async function scheduleSlaJobs(db: Kysely<Database>, ticketId: string, due: Date | null, clockMs: number | null): Promise<void> {
  if (!due) {
    await sql`select graphile_worker.remove_job(${`sla-warning:${ticketId}`}), graphile_worker.remove_job(${`sla-breach:${ticketId}`})`.execute(db);
    return;
  }
  const payload = JSON.stringify({ ticketId, dueAt: due.toISOString() } satisfies SlaJobPayload);
  const warn = clockMs ? warningAt(due, clockMs) : due;
  await sql`select
      graphile_worker.add_job('sla_warning', ${payload}::json, run_at => ${warn}, job_key => ${`sla-warning:${ticketId}`}, job_key_mode => 'replace', max_attempts => 5),
      graphile_worker.add_job('sla_breach', ${payload}::json, run_at => ${due}, job_key => ${`sla-breach:${ticketId}`}, job_key_mode => 'replace', max_attempts => 5)`.execute(db);
}

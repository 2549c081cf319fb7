import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { ResponseTimes } from '../sla/index.js';

const SECONDS_TO_FIRST_RESPONSE = sql<number>`extract(epoch from t.first_response_at - t.created_at)`;
/**
 * A ticket an agent opened by writing to the customer (agent-opening.ts) has its first response at its opening: no
 * customer waited, so it is no contact whose response time is measured (a 0 s answer would flatter the figures).
 */
const CUSTOMER_OPENED = sql<boolean>`t.first_response_at is distinct from t.created_at`;

/**
 * The first responses sla measures (its figures, R7 and R16), read from the
 * tickets table this module owns; the composition root hands them to sla,
 * which does not import tickets. Breach rate counts only tickets whose
 * outcome is known (answered, or already breached), as sla defines it.
 */
export function ticketResponseTimes(db: Db): ResponseTimes {
  return {
    async window(hours, byDepartment) {
      return db
        .selectFrom('tickets as t')
        .select([
          't.channel',
          (byDepartment ? sql<string | null>`t.department_id` : sql<string | null>`null::uuid`).as('department_id'),
          sql<string>`count(*)`.as('tickets'),
          sql<string>`count(t.first_response_at)`.as('answered'),
          sql<
            number | null
          >`percentile_cont(0.5) within group (order by ${SECONDS_TO_FIRST_RESPONSE}) filter (where t.first_response_at is not null)`.as(
            'median',
          ),
          sql<
            number | null
          >`percentile_cont(0.95) within group (order by ${SECONDS_TO_FIRST_RESPONSE}) filter (where t.first_response_at is not null)`.as(
            'p95',
          ),
          sql<
            number | null
          >`avg(case when t.first_response_breached then 1.0 else 0.0 end) filter (where t.first_response_at is not null or t.first_response_breached)`.as(
            'breach_rate',
          ),
        ])
        .where('t.created_at', '>=', sql<Date>`now() - make_interval(hours => ${hours})`)
        .where(CUSTOMER_OPENED)
        .groupBy(byDepartment ? [sql`t.channel`, sql`t.department_id`] : [sql`t.channel`])
        .orderBy('t.channel')
        .execute();
    },

    async hourly() {
      return db
        .selectFrom('tickets as t')
        .select([
          sql<Date>`date_trunc('hour', t.created_at)`.as('hour'),
          't.channel',
          sql<
            number | null
          >`percentile_cont(0.5) within group (order by ${SECONDS_TO_FIRST_RESPONSE}) filter (where t.first_response_at is not null)`.as(
            'median',
          ),
          sql<string>`count(*)`.as('tickets'),
        ])
        .where('t.created_at', '>=', sql<Date>`now() - interval '24 hours'`)
        .where(CUSTOMER_OPENED)
        .groupBy([sql`1`, sql`t.channel`])
        .orderBy(sql`1`)
        .execute();
    },
  };
}

import {
  CHANNELS_IN_SERVICE,
  type Channel,
  type ContactMethod,
  type ContactPage,
  type SlaFigure,
  type SlaFigures,
} from '@centrala/contracts';

type ContactChannel = ContactMethod['channel'];
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';

const SECONDS_TO_FIRST_RESPONSE = sql<number>`extract(epoch from t.first_response_at - t.created_at)`;

/**
 * The measured response times (R7, R16): median and p95 first response and
 * breach rate per channel and department. Breach rate counts only tickets
 * whose outcome is known (answered, or already breached).
 */
export function slaFigures(db: Db) {
  async function window(hours: number, byDepartment: boolean): Promise<SlaFigure[]> {
    const rows = await db
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
      .groupBy(byDepartment ? [sql`t.channel`, sql`t.department_id`] : [sql`t.channel`])
      .orderBy('t.channel')
      .execute();
    return rows.map((r) => ({
      channel: r.channel,
      departmentId: r.department_id,
      tickets: Number(r.tickets),
      answered: Number(r.answered),
      medianFirstResponseSeconds: round(r.median),
      p95FirstResponseSeconds: round(r.p95),
      breachRate: r.breach_rate === null ? null : Math.round(Number(r.breach_rate) * 10_000) / 10_000,
    }));
  }

  return {
    async dashboard(): Promise<SlaFigures> {
      const hourly = await db
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
        .groupBy([sql`1`, sql`t.channel`])
        .orderBy(sql`1`)
        .execute();
      return {
        last24h: [...(await window(24, false)), ...(await window(24, true))],
        last7d: [...(await window(24 * 7, false)), ...(await window(24 * 7, true))],
        hourly: hourly.map((h) => ({
          hour: new Date(h.hour).toISOString(),
          channel: h.channel,
          medianFirstResponseSeconds: round(h.median),
          tickets: Number(h.tickets),
        })),
      };
    },

    /** R16: each channel in service with what it promises now, beside its measured median over 7 days. */
    async contactPage(promises: (channel: ContactChannel) => Promise<ContactMethod['promises']>): Promise<ContactPage> {
      const measured = new Map<Channel, SlaFigure>((await window(24 * 7, false)).map((f) => [f.channel, f]));
      return {
        methods: await Promise.all(
          CHANNELS_IN_SERVICE.map(async (channel) => ({
            channel,
            promises: await promises(channel),
            measuredMedianSeconds: measured.get(channel)?.medianFirstResponseSeconds ?? null,
            sampleSize: measured.get(channel)?.answered ?? 0,
          })),
        ),
      };
    },
  };
}
export type SlaFiguresService = ReturnType<typeof slaFigures>;

const round = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);

import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { DomainEvent, DomainEvents } from '../../events/index.js';
import type { SlaTimers } from '../sla/index.js';

/**
 * A ticket's SLA timer is not a job (issue 9, points 4 and 14; docs/architecture.md
 * "Response-time promises"). A running clock's next instant is a function of
 * the ticket's own columns (migration 0009, `sla_next_instant`), indexed for
 * running clocks only: writing due_at, sla_clock_ms and sla_state sets, moves
 * or cancels the timer in the same statement, and creating a ticket costs one
 * small index entry instead of a job row.
 */
export const slaNextInstantSql = sql<Date | null>`sla_next_instant(due_at, sla_clock_ms, sla_state)`;

/** A batch whose node stops talking mid-transaction is rolled back by PostgreSQL after this. */
const IDLE_RELEASE_MS = 3000;

/**
 * The tickets' side of the SLA timers: sla's scanner decides when to look
 * (modules/sla/timers.ts), and these statements, which write the `tickets`
 * table this module owns, mark what is due. The composition root hands them to
 * the scanner (sla cannot import tickets: tickets imports sla).
 */
export function ticketSlaTimers(db: Db, events: DomainEvents): SlaTimers {
  return { fireDue: (limit) => fireDueSlaTimers(db, events, limit), msUntilNext: () => msUntilNextInstant(db) };
}

/**
 * Marks every ticket whose next instant has come (up to `limit`) in ONE
 * transaction: the warning or breach on the ticket, its history event(s)
 * with the instant each was meant for, and the realtime alerts, which leave
 * only if it commits. The rows are taken FOR UPDATE SKIP LOCKED, so nodes
 * scanning at once share the work, and a node that dies mid-batch holds
 * nothing once its connection is gone: its transaction rolls back and the
 * tickets are due again for the next scan, on any node. A ticket past both
 * instants at once (a scan that came late) gets both events, as two timers
 * would have given it. Returns how many tickets it marked.
 */
async function fireDueSlaTimers(db: Db, events: DomainEvents, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // A node that vanishes without closing its connection (power loss, a partition, a frozen
    // process) would otherwise hold the batch until TCP keepalive gives up, hours later.
    await sql`set local idle_in_transaction_session_timeout = ${sql.lit(`${IDLE_RELEASE_MS}ms`)}`.execute(trx);
    const { rows } = await sql<{ ticket_id: string; level: 'warning' | 'breached' }>`
      with due as (
        select id, due_at, sla_state, ${slaNextInstantSql} as instant
        from tickets
        where ${slaNextInstantSql} <= now()
        order by ${slaNextInstantSql}
        limit ${limit}
        for update skip locked
      ), marked as (
        update tickets t
        set sla_state = case when t.due_at <= now() then 'breached' else 'warning' end,
            first_response_breached = t.first_response_breached or (t.due_at <= now() and t.first_response_at is null)
        from due
        where t.id = due.id
        returning t.id, t.due_at, t.sla_state, t.sla_clock_ms, due.sla_state as was
      ), events as (
        insert into ticket_events (ticket_id, actor_id, kind, data)
        select m.id, null, e.kind, jsonb_build_object('dueAt', ${iso(sql.ref('m.due_at'))}, 'at', ${iso(sql.ref('e.at'))})
        from marked m
        cross join lateral (values
          ('sla_warning', sla_next_instant(m.due_at, m.sla_clock_ms, 'ok'), m.was = 'ok'),
          ('sla_breached', m.due_at, m.sla_state = 'breached')
        ) as e(kind, at, fires)
        where e.fires
        order by m.id, e.at
      )
      select id as ticket_id, sla_state as level from marked`.execute(trx);
    await events.emit(
      trx,
      rows.flatMap(({ ticket_id: ticketId, level }): DomainEvent[] => [
        { type: level === 'warning' ? 'sla.warning' : 'sla.breached', ticketId },
        { type: 'ticket.changed', ticketId, customerSees: true },
      ]),
    );
    return rows.length;
  });
}

/** An instant as JavaScript's toISOString() writes it, whatever the session's time zone. */
const iso = (at: ReturnType<typeof sql.ref>) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Milliseconds from now until the earliest running clock's next instant (0 if one is due), or null if none runs. */
async function msUntilNextInstant(db: Db): Promise<number | null> {
  const { rows } = await sql<{ ms: number | null }>`
    select greatest(0, ceil(extract(epoch from min(${slaNextInstantSql}) - clock_timestamp()) * 1000))::float8 as ms
    from tickets where ${slaNextInstantSql} is not null`.execute(db);
  return rows[0]?.ms ?? null;
}

import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import { publish } from '../realtime/bus.js';
import { scheduleBreachJob, type SlaJobPayload } from './schedule.js';

/**
 * Run at 80 % of the clock (warning, which then sets the breach timer) and at
 * the due instant (breach). Each acts only if the clock it was set for is
 * still running: an answer or a pause since then moved `due_at`.
 */
export function slaTasks(db: Db): Record<'sla_warning' | 'sla_breach', Task> {
  const mark =
    (level: 'warning' | 'breached'): Task =>
    async (raw) => {
      const payload = raw as SlaJobPayload;
      const { ticketId, dueAt } = payload;
      await db.transaction().execute(async (trx) => {
        const ticket = await trx
          .selectFrom('tickets')
          .select('sla_state')
          .where('id', '=', ticketId)
          .where('due_at', '=', new Date(dueAt))
          .forUpdate()
          .executeTakeFirst();
        if (!ticket) return;
        if (level === 'warning') await scheduleBreachJob(trx, payload);
        const escalates = level === 'breached' ? ticket.sla_state !== 'breached' : ticket.sla_state === 'ok';
        if (!escalates) return;
        await trx
          .updateTable('tickets')
          .set({
            sla_state: level,
            ...(level === 'breached' && { first_response_breached: sql<boolean>`first_response_breached or first_response_at is null` }),
          })
          .where('id', '=', ticketId)
          .execute();
        await trx
          .insertInto('ticket_events')
          .values({
            ticket_id: ticketId,
            actor_id: null,
            kind: level === 'breached' ? 'sla_breached' : 'sla_warning',
            data: JSON.stringify({ dueAt }),
          })
          .execute();
        await publish(trx, { type: 'sla:alert', ticketId, level });
        await publish(trx, { type: 'ticket:changed', ticketId, change: 'updated' });
      });
    };
  return { sla_warning: mark('warning'), sla_breach: mark('breached') };
}

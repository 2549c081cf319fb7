import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import { publish } from '../realtime/bus.js';
import type { SlaJobPayload } from './schedule.js';

/**
 * Runs at the due instant (and at 80 % of it). Acts only if the clock it was
 * set for is still running: an answer or a pause since then moved `due_at`.
 */
export function slaTasks(db: Db): Record<'sla_warning' | 'sla_breach', Task> {
  const mark = (level: 'warning' | 'breached'): Task =>
    async (payload) => {
      const { ticketId, dueAt } = payload as SlaJobPayload;
      await db.transaction().execute(async (trx) => {
        const ticket = await trx
          .updateTable('tickets')
          .set({
            sla_state: level,
            ...(level === 'breached' && { first_response_breached: sql<boolean>`first_response_breached or first_response_at is null` }),
          })
          .where('id', '=', ticketId)
          .where('due_at', '=', new Date(dueAt))
          .where('sla_state', '!=', 'breached')
          .returning(['id'])
          .executeTakeFirst();
        if (!ticket) return;
        await trx.insertInto('ticket_events').values({ ticket_id: ticketId, actor_id: null, kind: level === 'breached' ? 'sla_breached' : 'sla_warning', data: JSON.stringify({ dueAt }) }).execute();
        await publish(trx, { type: 'sla:alert', ticketId, level });
        await publish(trx, { type: 'ticket:changed', ticketId, change: 'updated' });
      });
    };
  return { sla_warning: mark('warning'), sla_breach: mark('breached') };
}

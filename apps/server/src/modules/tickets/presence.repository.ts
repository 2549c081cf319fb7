import { sql } from 'kysely';
import { isForeignKeyViolation } from '../../db/errors.js';
import type { Db } from '../../db/pool.js';
import type { DomainEvents } from '../../events/index.js';
import { userNamesTableSql } from '../auth/index.js';

/** A viewer not heard of for this long has gone (their node died without saying so). */
const PRESENCE_TTL = '60 seconds';

/**
 * Who is viewing a ticket and who is typing on it, one row per socket, so every node sees every viewer (the realtime
 * gateway calls these for its sockets). Each change is announced once written: a `ticket.presence` event, which the
 * gateways forward to the ticket's watchers.
 */
export function presenceRepository(db: Db, events: DomainEvents) {
  const changed = (ticketId: string) => events.emit(db, [{ type: 'ticket.presence', ticketId }]);

  return {
    async watch(ticketId: string, socketId: string, userId: string): Promise<void> {
      await db
        .insertInto('ticket_presence')
        .values({ ticket_id: ticketId, socket_id: socketId, user_id: userId })
        .onConflict((oc) => oc.columns(['ticket_id', 'socket_id']).doUpdateSet({ seen_at: new Date() }))
        .execute()
        .catch((err: unknown) => {
          // A ticket id that does not exist: nothing to watch.
          if (!isForeignKeyViolation(err)) throw err;
        });
      await changed(ticketId);
    },

    async unwatch(ticketId: string, socketId: string): Promise<void> {
      await db.deleteFrom('ticket_presence').where('ticket_id', '=', ticketId).where('socket_id', '=', socketId).execute();
      await changed(ticketId);
    },

    async typing(ticketId: string, socketId: string, typing: boolean): Promise<void> {
      const r = await db
        .updateTable('ticket_presence')
        .set({ typing, seen_at: new Date() })
        .where('ticket_id', '=', ticketId)
        .where('socket_id', '=', socketId)
        .executeTakeFirst();
      if (r.numUpdatedRows > 0n) await changed(ticketId);
    },

    /** A socket closed: it views nothing any more. */
    async leave(socketId: string): Promise<void> {
      const gone = await db.deleteFrom('ticket_presence').where('socket_id', '=', socketId).returning('ticket_id').execute();
      for (const g of gone) await changed(g.ticket_id);
    },

    /** Keeps a live node's sockets' rows fresh; a dead node's expire. */
    async keepAlive(socketIds: string[]): Promise<void> {
      await db.updateTable('ticket_presence').set({ seen_at: new Date() }).where('socket_id', 'in', socketIds).execute();
    },

    /** Who views the ticket now, once per user, typing if any of their sockets is. */
    async viewers(ticketId: string): Promise<{ userId: string; name: string; typing: boolean }[]> {
      const rows = await db
        .selectFrom('ticket_presence as p')
        .innerJoin(userNamesTableSql.as('u'), 'u.id', 'p.user_id')
        .select(['p.user_id', 'u.name', sql<boolean>`bool_or(p.typing)`.as('typing')])
        .where('p.ticket_id', '=', ticketId)
        .where('p.seen_at', '>', sql<Date>`now() - ${sql.raw(`interval '${PRESENCE_TTL}'`)}`)
        .groupBy(['p.user_id', 'u.name'])
        .execute();
      return rows.map((v) => ({ userId: v.user_id, name: v.name, typing: v.typing }));
    },
  };
}

export type PresenceRepository = ReturnType<typeof presenceRepository>;

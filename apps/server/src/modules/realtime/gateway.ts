import type { ClientEvents, ServerEvents } from '@centrala/contracts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Db } from '../../db/pool.js';
import { SESSION_COOKIE } from '../auth/index.js';
import type { SessionsRepository } from '../auth/sessions.repository.js';
import { customerView, type TicketQueries } from '../tickets/queries.js';
import { publish, subscribe, type BusEvent } from './bus.js';

interface SocketData {
  /** The session cookie the socket connected with: checked again when the user's sessions or access change. */
  sessionToken: string;
  userId: string;
  name: string;
  staff: boolean;
  admin: boolean;
  accountId: string | null;
  /** Departments whose SLA alerts this agent hears; empty = all. */
  departmentIds: string[];
  /** Looks at the session again when it is due to expire. */
  expiryCheck?: NodeJS.Timeout;
}
type RealtimeSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

const HEARTBEAT_MS = 20_000;
/** setTimeout's longest delay (~24.8 days); a later expiry is looked at then, and again. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const PRESENCE_TTL = '60 seconds';
const TicketId = z.uuid();

/**
 * Socket.IO for the agent console (queue updates, SLA alerts, who is viewing
 * or typing) and for customers' own tickets. Each node forwards the events of
 * the database bus to its own sockets, so any number of nodes behind a load
 * balancer see every event without a shared adapter; presence lives in a
 * table, not in a node's memory.
 */
export async function attachRealtime(
  app: FastifyInstance,
  deps: { db: Db; sessions: SessionsRepository; queries: TicketQueries; databaseUrl: string },
): Promise<void> {
  const { db, sessions, queries } = deps;
  const io = new Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>(app.server, {
    path: '/socket.io',
    serveClient: false,
    // Cookies authenticate sockets, so refuse other sites' pages (cross-site WebSocket hijacking).
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || new URL(origin).host === req.headers.host);
    },
  });

  io.use(async (socket, next) => {
    const token = app.parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const row = token ? await sessions.findLive(token).catch(() => undefined) : undefined;
    if (!token || !allowed(row)) return next(new Error('auth.unauthenticated'));
    socket.data = {
      sessionToken: token,
      userId: row.user_id,
      name: row.name,
      staff: row.kind === 'staff',
      admin: row.role === 'admin',
      accountId: row.account_id,
      departmentIds: row.kind === 'staff' ? await departmentsOf(row.user_id) : [],
    };
    checkAtExpiry(socket, row.expires_at);
    next();
  });

  /** A live session of a user who may use sockets (an admin only once TOTP is on). */
  const allowed = (row: Awaited<ReturnType<SessionsRepository['findLive']>>): row is NonNullable<typeof row> =>
    row !== undefined && !(row.role === 'admin' && !row.totp_enabled);

  /** The socket's session looked at again like a new connection's; a socket that may no longer be here is closed. */
  const recheck = async (socket: RealtimeSocket) => {
    const row = await sessions.findLive(socket.data.sessionToken);
    if (allowed(row)) return row;
    socket.disconnect(true);
    return undefined;
  };

  /**
   * Sessions also end by expiring, which no event announces. Each socket looks
   * at its session when it is due to expire: closed if it has, set to look
   * again if activity has pushed the expiry on (sliding expiry).
   */
  const checkAtExpiry = (socket: RealtimeSocket, expiresAt: Date) => {
    clearTimeout(socket.data.expiryCheck);
    const delay = Math.min(LONGEST_TIMER_MS, Math.max(0, expiresAt.getTime() - Date.now()) + 1000);
    socket.data.expiryCheck = setTimeout(() => {
      if (!socket.connected) return;
      recheck(socket)
        .then((row) => row && checkAtExpiry(socket, row.expires_at))
        .catch((err: unknown) => {
          app.log.warn({ err }, 'socket session check failed');
          checkAtExpiry(socket, new Date(Date.now() + HEARTBEAT_MS));
        });
    }, delay).unref();
  };

  const departmentsOf = async (userId: string) =>
    (await db.selectFrom('staff_departments').select('department_id').where('user_id', '=', userId).execute()).map((d) => d.department_id);

  /** SLA alerts reach the ticket's department's agents and every admin (issue 3). */
  const joinAlerts = (socket: RealtimeSocket) => {
    const { admin, departmentIds } = socket.data;
    void socket.join(
      admin ? 'alerts:admins' : departmentIds.length ? departmentIds.map((id) => `alerts:department:${id}`) : 'alerts:all-departments',
    );
  };

  /**
   * A user's sessions or access changed: each of their sockets on this node
   * is checked again like a new connection. One whose session has ended, or
   * whose user may no longer be here, is closed; a staff member's stays, in
   * the alert rooms of their role and departments now.
   */
  const userChanged = async (userId: string) => {
    const theirs = [...io.sockets.sockets.values()].filter((s) => s.data.userId === userId);
    if (!theirs.length) return;
    const departmentIds = theirs[0]!.data.staff ? await departmentsOf(userId) : [];
    for (const socket of theirs) {
      const row = await recheck(socket);
      if (!row) continue;
      checkAtExpiry(socket, row.expires_at);
      if (!socket.data.staff) continue;
      for (const room of socket.rooms) if (room.startsWith('alerts:')) void socket.leave(room);
      socket.data.admin = row.role === 'admin';
      socket.data.departmentIds = departmentIds;
      joinAlerts(socket);
    }
  };

  const presenceChanged = (ticketId: string) => publish(db, { type: 'ticket:presence', ticketId });

  io.on('connection', (socket: RealtimeSocket) => {
    const { staff, accountId, userId } = socket.data;
    socket.on('disconnect', () => clearTimeout(socket.data.expiryCheck));
    void socket.join(staff ? 'staff' : `account:${accountId}`);
    if (!staff) return;
    joinAlerts(socket);

    socket.on('ticket:watch', async (ticketId) => {
      if (!TicketId.safeParse(ticketId).success) return;
      await socket.join(`ticket:${ticketId}`);
      await db
        .insertInto('ticket_presence')
        .values({ ticket_id: ticketId, socket_id: socket.id, user_id: userId })
        .onConflict((oc) => oc.columns(['ticket_id', 'socket_id']).doUpdateSet({ seen_at: new Date() }))
        .execute()
        .catch(() => undefined); // a ticket id that does not exist: nothing to watch
      await presenceChanged(ticketId);
    });
    socket.on('ticket:unwatch', async (ticketId) => {
      if (!TicketId.safeParse(ticketId).success) return;
      await socket.leave(`ticket:${ticketId}`);
      await db.deleteFrom('ticket_presence').where('ticket_id', '=', ticketId).where('socket_id', '=', socket.id).execute();
      await presenceChanged(ticketId);
    });
    socket.on('ticket:typing', async (payload) => {
      if (!TicketId.safeParse(payload?.ticketId).success) return;
      const r = await db
        .updateTable('ticket_presence')
        .set({ typing: payload.typing === true, seen_at: new Date() })
        .where('ticket_id', '=', payload.ticketId)
        .where('socket_id', '=', socket.id)
        .executeTakeFirst();
      if (r.numUpdatedRows > 0n) await presenceChanged(payload.ticketId);
    });
    socket.on('disconnect', async () => {
      const gone = await db.deleteFrom('ticket_presence').where('socket_id', '=', socket.id).returning('ticket_id').execute();
      for (const g of gone) await presenceChanged(g.ticket_id);
    });
  });

  const forward = async (event: BusEvent) => {
    if (event.type === 'user:changed') return userChanged(event.userId);
    if (event.type === 'ticket:presence') {
      const viewers = await db
        .selectFrom('ticket_presence as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select(['p.user_id', 'u.name', sql<boolean>`bool_or(p.typing)`.as('typing')])
        .where('p.ticket_id', '=', event.ticketId)
        .where('p.seen_at', '>', sql<Date>`now() - ${sql.raw(`interval '${PRESENCE_TTL}'`)}`)
        .groupBy(['p.user_id', 'u.name'])
        .execute();
      io.to(`ticket:${event.ticketId}`).emit('ticket:presence', {
        ticketId: event.ticketId,
        viewers: viewers.map((v) => ({ userId: v.user_id, name: v.name, typing: v.typing })),
      });
      return;
    }
    // A node nobody is connected to has no one to tell (and its database has better things to do).
    if (io.sockets.sockets.size === 0) return;
    const summary = await queries.summary(event.ticketId);
    if (!summary) return;
    if (event.type === 'sla:alert') {
      io.to(['alerts:admins', 'alerts:all-departments', `alerts:department:${summary.departmentId}`]).emit('sla:alert', {
        ticketId: summary.id,
        reference: summary.reference,
        level: event.level,
        priority: summary.priority,
        subject: summary.subject,
      });
      return;
    }
    io.to('staff').emit('ticket:changed', { ...summary, change: event.change });
    if (event.type === 'ticket:changed' && event.staffOnly) return;
    io.to(`account:${summary.accountId}`).emit('ticket:changed', { ...customerView(summary), change: event.change });
  };
  const unsubscribe = await subscribe(
    deps.databaseUrl,
    (event) => void forward(event).catch((err: unknown) => app.log.warn({ err }, 'realtime forward failed')),
    (err) => app.log.warn({ err }, 'realtime bus error'),
  );

  // Presence rows of this node's live sockets stay fresh; a dead node's expire.
  const heartbeat = setInterval(() => {
    const ids = [...io.sockets.sockets.keys()];
    if (ids.length)
      void db
        .updateTable('ticket_presence')
        .set({ seen_at: new Date() })
        .where('socket_id', 'in', ids)
        .execute()
        .catch(() => undefined);
  }, HEARTBEAT_MS);

  // Not io.close(): that would also close the HTTP server, which Fastify owns.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    io.disconnectSockets(true);
    await unsubscribe();
  });
}

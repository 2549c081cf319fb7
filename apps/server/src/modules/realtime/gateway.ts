import { ServerResponse, type IncomingMessage } from 'node:http';
import type { ClientEvents, ServerEvents, TicketSummary } from '@centrala/contracts';
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import { subscribe, type LiveEvent } from '../../events/index.js';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
// For its type only: `app.addReadinessCheck` is ops' decoration of the app, declared there.
import type {} from '../ops/index.js';

/** What the gateway reads of a live session (auth's sessions repository gives more). */
interface LiveSession {
  user_id: string;
  name: string;
  kind: 'client' | 'staff';
  role: 'agent' | 'admin' | null;
  account_id: string | null;
  expires_at: Date;
  totp_enabled: boolean;
  must_change_password: boolean;
}

/**
 * What the gateway needs of auth and tickets, handed in by whoever assembles the app. Realtime is transport only: it
 * forwards the events bus to sockets, and writes none of their tables (issue 11 point 2).
 */
export interface RealtimeDeps {
  /** The session cookie's name, and the session it names while it is live (auth). */
  sessionCookie: string;
  sessions: {
    findLive(token: string): Promise<LiveSession | undefined>;
    endedReason(token: string): Promise<'account_disabled' | undefined>;
  };
  /** A ticket's summary as agents see it, and what of it its customer may see (tickets). */
  tickets: {
    summary(ticketId: string): Promise<TicketSummary | undefined>;
    customerView(summary: TicketSummary): TicketSummary;
  };
  /** The departments a staff member works in (none: all), whose SLA alerts they hear (admin). */
  departmentsOf(userId: string): Promise<string[]>;
  /** Who views and types on a ticket (tickets' presence rows); each change comes back as a `ticket.presence` event. */
  presence: {
    watch(ticketId: string, socketId: string, userId: string): Promise<void>;
    unwatch(ticketId: string, socketId: string): Promise<void>;
    typing(ticketId: string, socketId: string, typing: boolean): Promise<void>;
    leave(socketId: string): Promise<void>;
    keepAlive(socketIds: string[]): Promise<void>;
    viewers(ticketId: string): Promise<{ userId: string; name: string; typing: boolean }[]>;
  };
  databaseUrl: string;
  limits: { socketsPerSession: number; socketsPerUser: number };
}

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
  /** Gives back the socket's place under the per-session and per-user caps (once, however it ends). */
  release?: () => void;
}
/** The Socket.IO server: the chat channel adds its namespace to it. */
export type RealtimeServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

const CONNECT_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 20_000;
/** setTimeout's longest delay (~24.8 days); a later expiry is looked at then, and again. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const TicketId = z.uuid();

/**
 * Socket.IO for the agent console (queue updates, SLA alerts, who is viewing
 * or typing) and for customers' own tickets. Each node forwards the events of
 * the database bus to its own sockets, so any number of nodes behind a load
 * balancer see every event without a shared adapter; presence lives in a
 * table, not in a node's memory.
 */
export async function attachRealtime(app: FastifyInstance, deps: RealtimeDeps): Promise<RealtimeServer> {
  const { sessionCookie, sessions, departmentsOf, tickets, presence, limits } = deps;
  const io = new Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>(app.server, {
    path: '/socket.io',
    serveClient: false,
    // Every client of ours speaks WebSocket only. A long-polling handshake needs no open connection and its
    // session is kept for tens of seconds: a flood of them from one script grew memory by hundreds of MB.
    transports: ['websocket'],
    // A connection that never sends its CONNECT packet is dropped after this, not Socket.IO's 45 s.
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  // Cookies authenticate sockets, so other sites' pages are refused (cross-site WebSocket hijacking), and so is
  // an Origin that is no address at all (`null` from a sandboxed frame); a request with no session cookie at all
  // is refused before any handshake state is made for it. A middleware rather than allowRequest: that one
  // answers a refused WebSocket upgrade 400, and a plain 403 says what happened.
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: (err?: Error) => void) => {
    const hasSession = app.parseCookie(req.headers.cookie ?? '')[sessionCookie] !== undefined;
    if (hasSession && sameOrigin(req.headers.origin, req.headers.host)) return next();
    if (res instanceof ServerResponse) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    // An upgrade: its "response" is the bare TCP socket.
    req.socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  /**
   * Live sockets per session and per user on this node. A socket takes its
   * places when it is let in, so many handshakes at once cannot all slip under
   * the cap, and gives them back once, however it ends (a handshake the
   * client abandons never becomes a connection, so never disconnects; one it
   * abandoned while being checked gives them back at once).
   */
  const holding = new Map<string, number>();
  const hold = (socket: RealtimeSocket, keys: string[]) => {
    for (const k of keys) holding.set(k, (holding.get(k) ?? 0) + 1);
    let held = true;
    socket.data.release = () => {
      if (!held) return;
      held = false;
      for (const k of keys) {
        const n = (holding.get(k) ?? 1) - 1;
        if (n) holding.set(k, n);
        else holding.delete(k);
      }
    };
    socket.conn.once('close', socket.data.release);
    // A client that left while it was being checked has closed already: that 'close' will not come again.
    if (socket.conn.readyState === 'closed') socket.data.release();
  };

  /** Lets a socket in as its session's user, or throws the AppError its client is refused with. */
  const admit = async (socket: RealtimeSocket) => {
    const token = app.parseCookie(socket.handshake.headers.cookie ?? '')[sessionCookie];
    const row = token ? await sessions.findLive(token) : undefined;
    if (!token || !allowed(row)) throw await refusalOf(token, row);
    const departmentIds = row.kind === 'staff' ? await departmentsOf(row.user_id) : [];
    const keys = [`session:${token}`, `user:${row.user_id}`];
    if ((holding.get(keys[0]!) ?? 0) >= limits.socketsPerSession || (holding.get(keys[1]!) ?? 0) >= limits.socketsPerUser) {
      throw tooManySockets();
    }
    socket.data = {
      sessionToken: token,
      userId: row.user_id,
      name: row.name,
      staff: row.kind === 'staff',
      admin: row.role === 'admin',
      accountId: row.account_id,
      departmentIds,
    };
    hold(socket, keys);
    checkAtExpiry(socket, row.expires_at);
  };

  io.use(async (socket, next) => {
    let refusal: AppError | undefined;
    try {
      await admit(socket);
    } catch (err) {
      refusal = refusalFor(err);
      if (refusal.status >= 500) app.log[refusal.status === 503 ? 'warn' : 'error']({ err }, 'socket handshake failed');
    }
    next(refusal && connectError(refusal));
  });

  /** A live session of a user who may use sockets (an admin only once TOTP is on; nobody who must change their password). */
  const allowed = (row: LiveSession | undefined): row is NonNullable<typeof row> =>
    row !== undefined && !(row.role === 'admin' && !row.totp_enabled) && !row.must_change_password;

  /**
   * Why a socket is not let in, as its client is told: the browser of a disabled user says so and goes to
   * login, one that must change its password goes there, and the rest are simply not logged in.
   */
  const refusalOf = async (token: string | undefined, row: LiveSession | undefined) => {
    if (row?.must_change_password) return Errors.passwordChangeRequired();
    if (row) return Errors.totpEnrolmentRequired();
    const ended = token ? await sessions.endedReason(token) : undefined;
    return ended === 'account_disabled' ? Errors.accountDisabled() : Errors.unauthenticated();
  };

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

  io.on('connection', (socket: RealtimeSocket) => {
    const { staff, accountId, userId } = socket.data;
    socket.on('disconnect', () => {
      clearTimeout(socket.data.expiryCheck);
      socket.data.release?.();
    });
    void socket.join(staff ? 'staff' : `account:${accountId}`);
    if (!staff) return;
    joinAlerts(socket);

    /**
     * A socket event's handler runs outside any request: with the database
     * unreachable its failure is logged here, never thrown into the event loop
     * (which would end the process). Presence rows left behind expire.
     */
    const handled =
      <A extends unknown[]>(event: string, handler: (...args: A) => Promise<void>) =>
      (...args: A) =>
        void handler(...args).catch((err: unknown) =>
          app.log[isDatabaseUnavailable(err) ? 'warn' : 'error']({ err, event, userId }, 'socket event failed'),
        );

    socket.on(
      'ticket:watch',
      handled('ticket:watch', async (ticketId: string) => {
        if (!TicketId.safeParse(ticketId).success) return;
        await socket.join(`ticket:${ticketId}`);
        await presence.watch(ticketId, socket.id, userId);
      }),
    );
    socket.on(
      'ticket:unwatch',
      handled('ticket:unwatch', async (ticketId: string) => {
        if (!TicketId.safeParse(ticketId).success) return;
        await socket.leave(`ticket:${ticketId}`);
        await presence.unwatch(ticketId, socket.id);
      }),
    );
    socket.on(
      'ticket:typing',
      handled('ticket:typing', async (payload: { ticketId: string; typing: boolean }) => {
        if (!TicketId.safeParse(payload?.ticketId).success) return;
        await presence.typing(payload.ticketId, socket.id, payload.typing === true);
      }),
    );
    socket.on(
      'disconnect',
      handled('disconnect', () => presence.leave(socket.id)),
    );
  });

  /** Which change a ticket event is to sockets, and whether its customer's sockets hear of it. */
  const ticketChange = (event: Extract<LiveEvent, { type: 'ticket.created' | 'ticket.replied' | 'ticket.changed' }>) => {
    switch (event.type) {
      case 'ticket.created':
        return { change: 'created' as const, customerSees: true };
      case 'ticket.replied':
        return { change: 'message' as const, customerSees: !event.internal };
      case 'ticket.changed':
        return { change: 'updated' as const, customerSees: event.customerSees };
    }
  };

  const forward = async (event: LiveEvent) => {
    if (event.type === 'user.changed') return userChanged(event.userId);
    if (event.type === 'ticket.presence') {
      io.to(`ticket:${event.ticketId}`).emit('ticket:presence', {
        ticketId: event.ticketId,
        viewers: await presence.viewers(event.ticketId),
      });
      return;
    }
    // A node nobody is connected to has no one to tell (and its database has better things to do).
    if (io.sockets.sockets.size === 0) return;
    const summary = await tickets.summary(event.ticketId);
    if (!summary) return;
    if (event.type === 'sla.warning' || event.type === 'sla.breached') {
      io.to(['alerts:admins', 'alerts:all-departments', `alerts:department:${summary.departmentId}`]).emit('sla:alert', {
        ticketId: summary.id,
        reference: summary.reference,
        level: event.type === 'sla.warning' ? 'warning' : 'breached',
        priority: summary.priority,
        subject: summary.subject,
        dueAt: summary.dueAt,
      });
      return;
    }
    const { change, customerSees } = ticketChange(event);
    io.to('staff').emit('ticket:changed', { ...summary, change });
    // A ticket no account is linked to yet is the agents' alone: no customer's room (never an "account:null" one).
    if (!customerSees || summary.accountId === null) return;
    io.to(`account:${summary.accountId}`).emit('ticket:changed', { ...tickets.customerView(summary), change });
  };
  const bus = await subscribe(deps.databaseUrl, {
    onEvent: (event) => void forward(event).catch((err: unknown) => app.log.warn({ err }, 'realtime forward failed')),
    // Events sent while the bus was away are lost: every client reads again what it shows.
    onReconnect: () => {
      app.log.info('realtime bus listening again');
      io.emit('live:resync');
    },
    onError: (err) => app.log.warn({ err }, 'realtime bus error'),
  });
  app.addReadinessCheck('live_updates', bus.connected);

  // Presence rows of this node's live sockets stay fresh; a dead node's expire.
  const heartbeat = setInterval(() => {
    const ids = [...io.sockets.sockets.keys()];
    if (ids.length) void presence.keepAlive(ids).catch(() => undefined);
  }, HEARTBEAT_MS);

  // Not io.close(): that would also close the HTTP server, which Fastify owns.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    io.disconnectSockets(true);
    await bus.stop();
  });
  return io;
}

/** No Origin (not a browser) or this very host; a malformed Origin is refused, not thrown. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const tooManySockets = () =>
  new AppError(
    'realtime.too_many_connections',
    text(
      'Too many open tabs or windows for this login. Close some and reload.',
      'Previše otvorenih kartica ili prozora za ovu prijavu. Zatvorite neke i osvježite stranicu.',
    ),
  );

function refusalFor(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return isDatabaseUnavailable(err) ? Errors.unavailable() : Errors.internal();
}

/** What the client's connect_error carries: the stable code as the message, and the code and text in `data`. */
function connectError(refusal: AppError): Error {
  return Object.assign(new Error(refusal.code), { data: { code: refusal.code, message: refusal.text } });
}

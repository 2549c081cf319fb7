import { backoffDelay, type Backoff, type ClientEvents, type ErrorCode, type ServerEvents } from '@centrala/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export type ConnectionState = 'connected' | 'disconnected';
export type ServerEventName = keyof ServerEvents;

type Listener<E extends ServerEventName> = ServerEvents[E];

/** Waits before connecting again after the server closed the connection or refused it. */
const RECONNECT: Backoff = { initialMs: 1000, maxMs: 30_000 };

/**
 * The server refused the session itself: connecting again would not help. The app is told (onRefused) and
 * sends the user to login, saying why, or to the change-password page.
 */
const FINAL_REFUSALS = new Set<string>([
  'auth.unauthenticated',
  'auth.account_disabled',
  'auth.password_change_required',
  'auth.totp_enrollment_required',
] satisfies ErrorCode[]);

/** Where to connect; the default is this page's own server. Tools and tests name another. */
export interface RealtimeTarget {
  url?: string;
  options?: Partial<ManagerOptions & SocketOptions>;
}

/**
 * The tab's one Socket.IO connection, independent of React: components come and go, the connection and
 * its listeners stay. Listeners registered here survive reconnects and a change of user, because they are
 * attached to this object rather than to a particular socket.
 */
export class RealtimeClient {
  private socket: Socket<ServerEvents, ClientEvents> | null = null;
  private state: ConnectionState = 'disconnected';
  private readonly stateListeners = new Set<() => void>();
  private readonly connectListeners = new Set<() => void>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly refusalListeners = new Set<(code: string) => void>();
  private readonly listeners = new Map<ServerEventName, Set<(...args: never[]) => void>>();
  /** Reconnections tried in a row since the last connect, for the backoff. */
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private connectedBefore = false;

  constructor(private readonly target: RealtimeTarget = {}) {}

  /** Opens the connection (cookie-authenticated, same origin); a no-op when already open. */
  start(): void {
    if (this.socket) return;
    const options = { path: '/socket.io', withCredentials: true, transports: ['websocket'], ...this.target.options };
    const socket: Socket<ServerEvents, ClientEvents> = this.target.url ? io(this.target.url, options) : io(options);
    socket.on('connect', () => {
      this.attempt = 0;
      this.setState('connected');
      // Rooms are per connection: whoever watches a ticket must say so again after a reconnect.
      for (const listener of this.connectListeners) listener();
      // Events sent while the connection was down are lost.
      if (this.connectedBefore) this.resync();
      this.connectedBefore = true;
    });
    // Socket.IO reconnects by itself after a lost connection, but not when the server closed it (a restart
    // closes every socket) or refused it (the database was unreachable): then it is up to us.
    socket.on('disconnect', (reason) => {
      this.setState('disconnected');
      if (reason === 'io server disconnect') this.reconnectLater(socket);
    });
    socket.on('connect_error', (err) => {
      this.setState('disconnected');
      if (socket.active) return;
      if (!FINAL_REFUSALS.has(err.message)) return this.reconnectLater(socket);
      for (const listener of this.refusalListeners) listener(err.message);
    });
    // The server's own feed of events was interrupted (its database connection was lost).
    socket.on('live:resync', () => this.resync());
    socket.onAny((event: string, ...args: unknown[]) => {
      const set = this.listeners.get(event as ServerEventName);
      if (!set) return;
      for (const listener of set) (listener as (...a: unknown[]) => void)(...args);
    });
    this.socket = socket;
  }

  stop(): void {
    clearTimeout(this.retry);
    this.socket?.disconnect();
    this.socket = null;
    this.attempt = 0;
    this.connectedBefore = false;
    this.setState('disconnected');
  }

  getState = (): ConnectionState => this.state;

  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** Runs on every (re)connect; returns the unsubscribe function. */
  onConnect(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** Runs whenever events may have been missed (after a reconnect, or when the server says so): read again what is shown. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** Runs when the server refuses the session for good (its stable code: ended, account disabled, …). */
  onRefused(listener: (code: string) => void): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  on<E extends ServerEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Drops events while offline instead of buffering them: a stale "typing" or "watch" would mislead others. */
  emit<E extends keyof ClientEvents>(event: E, ...args: Parameters<ClientEvents[E]>): void {
    if (this.socket?.connected) this.socket.emit(event, ...args);
  }

  private resync(): void {
    for (const listener of this.resyncListeners) listener();
  }

  /** Connects `socket` again after a growing, jittered wait, unless it was stopped or replaced meanwhile. */
  private reconnectLater(socket: Socket<ServerEvents, ClientEvents>): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(
      () => {
        if (this.socket === socket && !socket.connected) socket.connect();
      },
      backoffDelay(this.attempt++, RECONNECT),
    );
  }

  private setState(next: ConnectionState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.stateListeners) listener();
  }
}

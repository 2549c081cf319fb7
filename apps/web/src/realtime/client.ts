import type { ClientEvents, ServerEvents } from '@centrala/contracts';
import { io, type Socket } from 'socket.io-client';

export type ConnectionState = 'connected' | 'disconnected';
export type ServerEventName = keyof ServerEvents;

type Listener<E extends ServerEventName> = ServerEvents[E];

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
  private readonly listeners = new Map<ServerEventName, Set<(...args: never[]) => void>>();

  /** Opens the connection (cookie-authenticated, same origin); a no-op when already open. */
  start(): void {
    if (this.socket) return;
    const socket: Socket<ServerEvents, ClientEvents> = io({ path: '/socket.io', withCredentials: true, transports: ['websocket'] });
    socket.on('connect', () => {
      this.setState('connected');
      // Rooms are per connection: whoever watches a ticket must say so again after a reconnect.
      for (const listener of this.connectListeners) listener();
    });
    socket.on('disconnect', () => this.setState('disconnected'));
    socket.on('connect_error', () => this.setState('disconnected'));
    socket.onAny((event: string, ...args: unknown[]) => {
      const set = this.listeners.get(event as ServerEventName);
      if (!set) return;
      for (const listener of set) (listener as (...a: unknown[]) => void)(...args);
    });
    this.socket = socket;
  }

  stop(): void {
    this.socket?.disconnect();
    this.socket = null;
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

  private setState(next: ConnectionState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.stateListeners) listener();
  }
}

import type { ServerEvents } from '@centrala/contracts';
import { use, useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type { ConnectionState, RealtimeClient, ServerEventName } from './client';
import { RealtimeContext } from './context';

/** The tab's live connection, for emitting; does not re-render on connection changes. */
export function useRealtimeClient(): RealtimeClient {
  const client = use(RealtimeContext);
  if (!client) throw new Error('useRealtime used outside RealtimeProvider');
  return client;
}

/** The connection and whether it is up; re-renders when it goes up or down. */
export function useRealtime(): { client: RealtimeClient; state: ConnectionState } {
  const client = useRealtimeClient();
  const state = useSyncExternalStore(client.subscribeState, client.getState);
  return { client, state };
}

/** Calls `handler` for every `event` from the server while the component is mounted. */
export function useRealtimeEvent<E extends ServerEventName>(event: E, handler: ServerEvents[E]): void {
  const client = useRealtimeClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    const listener = ((...args: Parameters<ServerEvents[E]>) => (onEvent as (...a: typeof args) => void)(...args)) as ServerEvents[E];
    return client.on(event, listener);
  }, [client, event]);
}

/** Runs `handler` on every (re)connect while mounted, e.g. to join rooms again. */
export function useOnConnect(handler: () => void): void {
  const client = useRealtimeClient();
  const onConnect = useEffectEvent(handler);
  useEffect(() => client.onConnect(() => onConnect()), [client]);
}

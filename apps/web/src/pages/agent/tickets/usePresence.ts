import type { ServerEvents } from '@centrala/contracts';
import { useDebouncedCallback } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCurrentUser } from '../../../auth/session';
import { useOnConnect, useRealtimeClient, useRealtimeEvent } from '../../../realtime/useRealtime';

export type Viewer = Parameters<ServerEvents['ticket:presence']>[0]['viewers'][number];

/**
 * Tells the server this agent has the ticket open (`ticket:watch`, again after every reconnect) and
 * returns the other staff who have it open too, with whether they are typing.
 */
export function useTicketPresence(ticketId: string): Viewer[] {
  const client = useRealtimeClient();
  const me = useCurrentUser();
  const [presence, setPresence] = useState<{ ticketId: string; viewers: Viewer[] }>({ ticketId, viewers: [] });

  useEffect(() => {
    client.emit('ticket:watch', ticketId);
    return () => client.emit('ticket:unwatch', ticketId);
  }, [client, ticketId]);
  useOnConnect(() => client.emit('ticket:watch', ticketId));

  useRealtimeEvent('ticket:presence', (update) => {
    if (update.ticketId === ticketId) setPresence({ ticketId, viewers: update.viewers });
  });

  // Presence of a ticket opened before (same component, new route param) must not leak into this one.
  if (presence.ticketId !== ticketId) return [];
  // The same person in another tab is not a colleague about to collide.
  return presence.viewers.filter((viewer) => viewer.userId !== me.id);
}

const typingIdleMs = 3000;

/**
 * Emits `ticket:typing` true once when the agent starts typing and false after a pause, on send or on
 * leaving, so colleagues see "Ana is typing…" without an event per key press.
 */
export function useTypingSignal(ticketId: string): { typed: () => void; stopped: () => void } {
  const client = useRealtimeClient();
  const typing = useRef(false);

  const stopped = useCallback(() => {
    if (!typing.current) return;
    typing.current = false;
    client.emit('ticket:typing', { ticketId, typing: false });
  }, [client, ticketId]);
  const stopLater = useDebouncedCallback(stopped, typingIdleMs);

  const typed = useCallback(() => {
    if (!typing.current) {
      typing.current = true;
      client.emit('ticket:typing', { ticketId, typing: true });
    }
    stopLater();
  }, [client, ticketId, stopLater]);

  useEffect(() => stopped, [stopped]);

  return {
    typed,
    stopped: useCallback(() => {
      stopLater.cancel();
      stopped();
    }, [stopLater, stopped]),
  };
}

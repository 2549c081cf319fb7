import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useSession } from '../auth/session';
import { applyTicketChange } from '../pages/agent/tickets/cache';
import { RealtimeClient } from './client';
import { RealtimeContext } from './context';

/**
 * Holds the tab's one live connection. It is open while a staff user (agent or admin) is logged in and
 * closes on logout; customers never open one from the web app.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const [client] = useState(() => new RealtimeClient());
  const user = session?.user;
  const staffId = user && user.kind === 'staff' && !user.mustEnrollTotp ? user.id : null;

  useEffect(() => {
    if (staffId === null) return;
    client.start();
    return () => client.stop();
  }, [client, staffId]);

  // Keeps cached queues and tickets current wherever the agent is in the app, not only on the queue page.
  useEffect(() => client.on('ticket:changed', (ticket) => applyTicketChange(queryClient, ticket)), [client, queryClient]);

  return <RealtimeContext value={client}>{children}</RealtimeContext>;
}

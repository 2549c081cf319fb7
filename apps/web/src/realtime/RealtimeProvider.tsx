import type { CurrentUser } from '@centrala/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { refreshSession, useSession } from '../auth/session';
import { endSession } from '../auth/sessionEnded';
import { applyTicketChange as applyAgentTicketChange } from '../pages/agent/tickets/cache';
import { applyTicketChange as applyClientTicketChange } from '../pages/client/tickets/cache';
import { RealtimeClient } from './client';
import { RealtimeContext } from './context';

/**
 * Who the tab's connection is for: staff once they may use the console (an admin has set up TOTP, a new
 * password asked for is set; the server refuses the socket before that), and customers, who hear about their own account's tickets.
 */
function liveAudience(user: CurrentUser | undefined): { key: string; kind: CurrentUser['kind'] } | null {
  if (!user || user.mustEnrollTotp || user.mustChangePassword) return null;
  return { key: `${user.kind}:${user.id}`, kind: user.kind };
}

/** Holds the tab's one live connection. It is open while someone is logged in and closes on logout. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const [client] = useState(() => new RealtimeClient());
  const audience = liveAudience(session?.user);
  const userKey = audience?.key ?? null;
  const kind = audience?.kind ?? null;

  // A new connection for another user: the server decides what a socket hears when it connects.
  useEffect(() => {
    if (userKey === null) return;
    client.start();
    return () => client.stop();
  }, [client, userKey]);

  // Keeps cached tickets current wherever the user is in the app, not only on the page that lists them.
  // Agents and customers cache tickets under different keys (and see them through different APIs).
  useEffect(() => {
    if (kind === null) return;
    const apply = kind === 'staff' ? applyAgentTicketChange : applyClientTicketChange;
    return client.on('ticket:changed', (ticket) => apply(queryClient, ticket));
  }, [client, queryClient, kind]);

  // A disabled user's console must not say "reconnecting" for ever: the refusal sends them to login, told why.
  useEffect(
    () =>
      client.onRefused((code) => {
        if (code === 'auth.password_change_required') void refreshSession(queryClient);
        else if (code !== 'auth.totp_enrollment_required') endSession(queryClient, { code });
      }),
    [client, queryClient],
  );

  // Events sent while the connection (or the server's own feed) was down are lost: what is on screen is read again.
  useEffect(() => client.onResync(() => void queryClient.invalidateQueries()), [client, queryClient]);

  return <RealtimeContext value={client}>{children}</RealtimeContext>;
}

import type { Session } from '@centrala/contracts';
import { Container } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert, PageLoader } from '../components/QueryState';
import { guardRedirect } from './returnPath';
import { canEnter, CHANGE_PASSWORD_PATH, homePath, useSession, type Audience } from './session';

/** Waits for /api/auth/me, then renders with the session (null when logged out). */
export function SessionGate({ children }: { children: (session: Session | null) => ReactNode }) {
  const session = useSession();
  if (session.data !== undefined) return children(session.data);
  if (session.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </Container>
    );
  }
  return <PageLoader />;
}

/**
 * Guards a group of routes: unauthenticated users go to login (which brings them back here afterwards),
 * users who must choose a new password go to do so, users who still must enrol TOTP go to enrolment, and users of another kind (client vs staff) go to their
 * own home.
 */
export function RequireAuth({ audience }: { audience: Audience }) {
  const location = useLocation();
  return (
    <SessionGate>
      {(session) => {
        if (!session) return <Navigate to={guardRedirect(location.pathname + location.search + location.hash)} replace />;
        const { user } = session;
        // A new password asked for comes before anything else, TOTP enrolment included.
        if (user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
        if (user.mustEnrollTotp && audience !== 'any') return <Navigate to="/totp-setup" replace />;
        if (!canEnter(audience, user)) return <Navigate to={homePath(user)} replace />;
        return <Outlet />;
      }}
    </SessionGate>
  );
}

/** `/`: sends everyone to where they belong. */
export function HomeRedirect() {
  return <SessionGate>{(session) => <Navigate to={session ? homePath(session.user) : '/login'} replace />}</SessionGate>;
}

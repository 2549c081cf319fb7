import { Session, type CurrentUser } from '@centrala/contracts';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { apiGet, isApiError, setCsrfToken } from '../api';
import { adoptUserLocale } from '../i18n';

export const sessionQueryKey = ['session'] as const;

/**
 * The user of the last session seen. Components below RequireAuth may render once more between a 401
 * dropping the session and the guard unmounting them (a realtime event, their own error state arriving);
 * `useCurrentUser` gives them this user then rather than crashing the page on its way to login.
 */
let lastUser: CurrentUser | null = null;

/** The current session, or null when nobody is logged in (the API answers 401). */
async function fetchSession(): Promise<Session | null> {
  try {
    const session = await apiGet('/api/auth/me', Session);
    setCsrfToken(session.csrfToken);
    adoptUserLocale(session.user.locale);
    lastUser = session.user;
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: 60_000 });
}

/** The user is known to be logged in wherever this is called (below RequireAuth). */
export function useCurrentUser(): CurrentUser {
  const { data } = useSession();
  const user = data?.user ?? lastUser;
  if (!user) throw new Error('useCurrentUser used outside RequireAuth');
  return user;
}

export function storeSession(queryClient: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  if (session) {
    adoptUserLocale(session.user.locale);
    lastUser = session.user;
  }
  queryClient.setQueryData(sessionQueryKey, session);
}

/** Forces a fresh /api/auth/me, e.g. after enabling TOTP changed what the user may do. */
export function refreshSession(queryClient: QueryClient): Promise<Session | null> {
  return queryClient.fetchQuery({ queryKey: sessionQueryKey, queryFn: fetchSession });
}

/**
 * Marks the session as gone, then forgets everything cached for the previous user. The session query is
 * kept (as null) rather than removed: components below RequireAuth must never see it undefined.
 */
export function clearSession(queryClient: QueryClient): void {
  storeSession(queryClient, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
}

export const CHANGE_PASSWORD_PATH = '/change-password';

export function homePath(user: CurrentUser): string {
  if (user.mustChangePassword) return CHANGE_PASSWORD_PATH;
  if (user.mustEnrollTotp) return '/totp-setup';
  if (user.kind === 'client') return '/client';
  return user.role === 'admin' ? '/admin' : '/agent';
}

export type Audience = 'any' | 'client' | 'staff' | 'admin';

export function canEnter(audience: Audience, user: CurrentUser): boolean {
  switch (audience) {
    case 'any':
      return true;
    case 'client':
      return user.kind === 'client';
    case 'staff':
      return user.kind === 'staff';
    case 'admin':
      return user.kind === 'staff' && user.role === 'admin';
  }
}

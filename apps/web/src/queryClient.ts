import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';
import { endSession, isSessionRefusal } from './auth/sessionEnded';
import { refreshSession } from './auth/session';

/**
 * A 401 on any request means the session ended meanwhile (expired, or the account was disabled): the user
 * is sent to login and told why. A 403 asking for a new password means an admin asked for one meanwhile:
 * reading the session again sends the guards to the change-password page.
 */
function onError(error: unknown): void {
  if (isSessionRefusal(error)) endSession(queryClient, error);
  else if (isApiError(error, 'auth.password_change_required')) void refreshSession(queryClient);
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // Client errors (4xx) will not fix themselves; only retry network and server failures.
      retry: (failureCount, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

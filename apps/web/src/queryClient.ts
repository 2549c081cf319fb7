import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';
import { storeSession } from './auth/session';

/** A 401 on any request means the session expired meanwhile: drop it so the guards send the user to login. */
function onError(error: unknown): void {
  if (isApiError(error, 'auth.unauthenticated')) storeSession(queryClient, null);
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

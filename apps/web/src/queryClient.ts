import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';
import { browserStore, saveSessionEndedNotice } from './auth/drafts';
import { sessionQueryKey, storeSession } from './auth/session';
import { saveOpenDrafts } from './auth/useDraft';

/**
 * A 401 on any request means the session expired meanwhile: keep what the open forms hold and note it for
 * the login page, then drop the session so the guards send the user to login (and back here afterwards).
 */
function onError(error: unknown): void {
  if (!isApiError(error, 'auth.unauthenticated')) return;
  // Only the first 401 of a session that was there: later ones find the forms already gone.
  if (queryClient.getQueryData(sessionQueryKey)) {
    const notice = saveOpenDrafts();
    const store = browserStore();
    if (store) saveSessionEndedNotice(store, notice);
  }
  storeSession(queryClient, null);
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

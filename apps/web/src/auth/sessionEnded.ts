import type { QueryClient } from '@tanstack/react-query';
import type { ErrorCode } from '@centrala/contracts';
import { isApiError } from '../api';
import { browserStore, saveSessionEndedNotice } from './drafts';
import { sessionQueryKey, storeSession } from './session';
import { saveOpenDrafts } from './useDraft';

/** The codes with which the server says the session is over: it ended, or its user was disabled. */
const ENDED_CODES = new Set<string>(['auth.unauthenticated', 'auth.account_disabled'] satisfies ErrorCode[]);

export function isSessionRefusal(error: unknown): error is { code: string } {
  return isApiError(error) && ENDED_CODES.has(error.code);
}

/**
 * The server refused the session (a request's 401, or the live connection's refusal, `code` either way):
 * keep what the open forms hold, note for the login page why the user is there, and drop the session so
 * the guards send them to login (and back to this page afterwards).
 */
export function endSession(queryClient: QueryClient, refusal: { code: string }): void {
  // Only the first refusal of a session that was there: later ones find the forms already gone.
  if (queryClient.getQueryData(sessionQueryKey)) {
    const notice = saveOpenDrafts();
    const store = browserStore();
    if (store) saveSessionEndedNotice(store, refusal.code === 'auth.account_disabled' ? { ...notice, accountDisabled: true } : notice);
  }
  storeSession(queryClient, null);
}

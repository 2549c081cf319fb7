import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiSend, isApiError } from '../api';
import { useErrorMessage } from '../components/QueryState';
import { browserStore, removeAllDrafts } from './drafts';
import { markLoggedOut } from './returnPath';
import { clearSession } from './session';

/** Logs out this browser, or with `everywhere` every session of the user. */
export function useLogout() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();

  const finish = (everywhere: boolean) => {
    markLoggedOut(true);
    clearSession(queryClient);
    // A deliberate logout leaves nothing typed behind in this tab.
    const store = browserStore();
    if (store) removeAllDrafts(store);
    void navigate('/login', { replace: true });
    if (everywhere) notifications.show({ color: 'green', message: t('header.logoutAllDone') });
  };

  return useMutation({
    mutationFn: (everywhere: boolean) => apiSend('POST', everywhere ? '/api/auth/logout-all' : '/api/auth/logout'),
    onSuccess: (_data, everywhere) => finish(everywhere),
    onError: (error, everywhere) => {
      // Already logged out on the server (expired session): the outcome the user wanted.
      if (isApiError(error) && error.status === 401) finish(everywhere);
      else notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });
}

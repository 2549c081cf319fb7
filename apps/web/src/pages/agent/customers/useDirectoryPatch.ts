import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../api';
import { useErrorMessage } from '../../../components/QueryState';
import { directoryKeys } from './directoryApi';

/**
 * A one-click change of a directory record (disable, enable), told in a notice; every directory view is read
 * again afterwards, whether it worked or not, so the screen shows what is stored.
 */
export function useDirectoryPatch() {
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  return useMutation({
    mutationFn: ({ path, patch }: { path: string; patch: object; done: string }) => apiSend('PATCH', path, patch),
    onSuccess: (_data, { done }) => notifications.show({ color: 'green', message: done }),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: directoryKeys.all }),
  });
}

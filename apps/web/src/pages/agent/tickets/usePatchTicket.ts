import { TicketSummary, type StaffOption, type TicketDetail, type TicketPatch } from '@centrala/contracts';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api';
import { useErrorMessage } from '../../../components/QueryState';
import { storeSummary } from './cache';
import { useStaff } from './lookups';
import { ticketQueryKeys } from './queryKeys';

type Staff = ReturnType<typeof StaffOption.parse>;

function applyPatch(ticket: TicketDetail, patch: TicketPatch, staff: Staff[]): TicketDetail {
  const next = { ...ticket };
  if (patch.departmentId !== undefined) next.departmentId = patch.departmentId;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.assigneeId !== undefined) {
    next.assigneeId = patch.assigneeId;
    next.assigneeName = staff.find((member) => member.id === patch.assigneeId)?.name ?? null;
  }
  return next;
}

/**
 * Changes a property of a ticket at once (optimistic): the select shows the new value immediately and
 * falls back to the old one, with the server's reason, if the change is refused.
 */
export function usePatchTicket(reference: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const staff = useStaff();
  const key = ticketQueryKeys.detail(reference);

  return useMutation({
    mutationFn: (patch: TicketPatch) => apiSend('PATCH', `/api/agent/tickets/${encodeURIComponent(reference)}`, patch, TicketSummary),
    onMutate: async (patch) => {
      // A refetch landing after the optimistic write would briefly show the old value again.
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<TicketDetail>(key);
      if (previous) queryClient.setQueryData<TicketDetail>(key, applyPatch(previous, patch, staff.data ?? []));
      return { previous };
    },
    onError: (error, _patch, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      notifications.show({ color: 'red', message: t('agentTickets.properties.saveFailed', { message: errorMessage(error) }) });
    },
    onSuccess: (summary) => storeSummary(queryClient, summary),
    onSettled: () => {
      // The history gained an event, and the ticket may have moved in the queue.
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.queues });
    },
  });
}

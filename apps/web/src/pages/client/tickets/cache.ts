import type { TicketDetail, TicketList, TicketSummary } from '@centrala/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { summaryOf } from '../../../tickets/summary';
import { clientTicketKeys } from './queries';

/**
 * A ticket of the customer's own account changed (socket `ticket:changed`: an agent changed its status or
 * priority, answered, or the customer acted in another tab). The new fields show at once in the list and
 * the open ticket; then the list is refetched, because it is ordered by last update and may be missing a
 * ticket opened elsewhere (email), and the ticket, because messages and history are not part of the event.
 *
 * Each event is welcome and none is relied on: the server need not tell customers of every change (internal
 * notes are none of theirs), and the open ticket still polls for whatever a dropped connection missed.
 */
export function applyTicketChange(queryClient: QueryClient, ticket: TicketSummary): void {
  const summary = summaryOf(ticket);
  queryClient.setQueryData<TicketList>(clientTicketKeys.list, (list) =>
    list === undefined ? list : { ...list, tickets: list.tickets.map((row) => (row.id === summary.id ? summary : row)) },
  );
  queryClient.setQueryData<TicketDetail>(clientTicketKeys.detail(summary.reference), (detail) =>
    detail === undefined ? detail : { ...detail, ...summary },
  );
  void queryClient.invalidateQueries({ queryKey: clientTicketKeys.list });
  void queryClient.invalidateQueries({ queryKey: clientTicketKeys.detail(summary.reference) });
}

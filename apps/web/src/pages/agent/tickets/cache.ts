import type { TicketDetail, TicketList, TicketSummary } from '@centrala/contracts';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { summaryOf } from '../../../tickets/summary';
import { ticketQueryKeys } from './queryKeys';

/** Writes a fresh summary into every cached copy of that ticket: the queue pages and its detail. */
export function storeSummary(queryClient: QueryClient, ticket: TicketSummary): void {
  const summary = summaryOf(ticket);
  queryClient.setQueriesData<InfiniteData<TicketList>>({ queryKey: ticketQueryKeys.queues }, (data) =>
    data === undefined
      ? data
      : {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            tickets: page.tickets.map((row) => (row.id === summary.id ? summary : row)),
          })),
        },
  );
  queryClient.setQueryData<TicketDetail>(ticketQueryKeys.detail(summary.reference), (detail) =>
    detail === undefined ? detail : { ...detail, ...summary },
  );
}

/**
 * A ticket changed somewhere (socket `ticket:changed`). The new fields show at once; then the queues (and
 * the title's count of High tickets waiting) are refetched, because a change can move the ticket in or out of a filter or to another place in the order,
 * and the detail, because messages and history are not part of the event.
 */
export function applyTicketChange(queryClient: QueryClient, ticket: TicketSummary): void {
  storeSummary(queryClient, ticket);
  void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.queues });
  void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.summary });
  void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.detail(ticket.reference) });
}

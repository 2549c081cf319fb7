import type { TicketDetail, TicketList, TicketSummary } from '@centrala/contracts';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { ticketQueryKeys } from './queryKeys';

/** The fields of a summary, without extras such as the socket event's `change`. */
function summaryOf(ticket: TicketSummary): TicketSummary {
  return {
    id: ticket.id,
    reference: ticket.reference,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    channel: ticket.channel,
    trust: ticket.trust,
    departmentId: ticket.departmentId,
    accountId: ticket.accountId,
    accountName: ticket.accountName,
    serviceName: ticket.serviceName,
    assigneeId: ticket.assigneeId,
    assigneeName: ticket.assigneeName,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    firstResponseAt: ticket.firstResponseAt,
    dueAt: ticket.dueAt,
    slaState: ticket.slaState,
  };
}

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
 * A ticket changed somewhere (socket `ticket:changed`). The new fields show at once; then the queues are
 * refetched, because a change can move the ticket in or out of a filter or to another place in the order,
 * and the detail, because messages and history are not part of the event.
 */
export function applyTicketChange(queryClient: QueryClient, ticket: TicketSummary): void {
  storeSummary(queryClient, ticket);
  void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.queues });
  void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.detail(ticket.reference) });
}

import type { TicketSummary } from '@centrala/contracts';

/**
 * The fields of a summary, without extras such as the socket event's `change`: what goes into a cached
 * list or detail must look like what the API returns there.
 */
export function summaryOf(ticket: TicketSummary): TicketSummary {
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

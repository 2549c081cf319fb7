/** Filters of the queue as sent to the API; absent keys mean "any". */
export interface QueueQuery {
  department?: string;
  priority?: string;
  status?: string;
  assignee?: string;
  sla?: string;
  q?: string;
}

export const ticketQueryKeys = {
  queues: ['agent', 'tickets', 'queue'],
  queue: (filter: QueueQuery) => ['agent', 'tickets', 'queue', filter] as const,
  /** Outside `queues`: its data is no page of tickets (storeSummary rewrites those). */
  summary: ['agent', 'queue-summary'],
  details: ['agent', 'tickets', 'detail'],
  detail: (reference: string) => ['agent', 'tickets', 'detail', reference] as const,
  /** A ticket's customer's other tickets (issue 13 point 5). */
  others: (reference: string) => ['agent', 'tickets', 'others', reference] as const,
  account: (accountId: string) => ['agent', 'accounts', 'detail', accountId] as const,
  departments: ['agent', 'departments'],
  staff: ['agent', 'staff'],
} as const;

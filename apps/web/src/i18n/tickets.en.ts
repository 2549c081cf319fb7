/**
 * Ticket words the customer's pages, the agent console and the admin pages share (`t('tickets.…')`).
 * Read them through `useTicketLabels` (src/tickets/labels.ts), which picks the audience's wording.
 */
export const ticketsEn = {
  /** Staff only: a ticket opened by mail to the abuse address or by an ARF report. */
  abuse: 'Abuse report',
  priorities: {
    regular: 'Regular',
    high: 'High',
  },
  /** As agents (and admins) see them. */
  statuses: {
    open: 'Open',
    awaiting_agent: 'Awaiting agent',
    awaiting_customer: 'Awaiting customer',
    resolved: 'Resolved',
    closed: 'Closed',
  },
  /**
   * Deliberately separate: the two waiting states are said from the customer's side on their pages
   * ("Awaiting your reply" rather than "Awaiting customer"). The other statuses read the same for both.
   */
  customerStatuses: {
    awaiting_agent: 'Awaiting support',
    awaiting_customer: 'Awaiting your reply',
  },
  /** Ticket history lines both audiences see (each has its own wording for the other events). */
  events: {
    status: 'Status: {{from}} → {{to}}',
    priority: 'Priority: {{from}} → {{to}}',
    // Plural forms by `count` (days); English never selects _few but keeps the shape shared with Croatian.
    auto_closed_one: 'Closed automatically after {{count}} quiet day',
    auto_closed_few: 'Closed automatically after {{count}} quiet days',
    auto_closed_other: 'Closed automatically after {{count}} quiet days',
  },
  attachments: {
    download: 'Download {{name}}',
    remove: 'Remove {{name}}',
  },
};

export type TicketsMessages = typeof ticketsEn;

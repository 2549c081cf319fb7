import type { TicketsMessages } from './tickets.en';

export const ticketsHr: TicketsMessages = {
  priorities: {
    regular: 'Redovni',
    high: 'Visoki',
  },
  statuses: {
    open: 'Otvoren',
    awaiting_agent: 'Čeka agenta',
    awaiting_customer: 'Čeka klijenta',
    resolved: 'Riješen',
    closed: 'Zatvoren',
  },
  // Customers' wording of the waiting states: see tickets.en.ts.
  customerStatuses: {
    awaiting_agent: 'Čeka podršku',
    awaiting_customer: 'Čeka vaš odgovor',
  },
  events: {
    status: 'Status: {{from}} → {{to}}',
    priority: 'Prioritet: {{from}} → {{to}}',
    auto_closed: 'Automatski zatvoren nakon {{days}} dana bez aktivnosti',
  },
  attachments: {
    download: 'Preuzmi {{name}}',
    remove: 'Ukloni {{name}}',
  },
};

import type { TicketsMessages } from './tickets.en';

export const ticketsHr: TicketsMessages = {
  abuse: 'Prijava zlouporabe',
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
    // 1 dan, 21 dan; 2–4 dana; 5 dana, 11 dana (i18next plural suffixes for hr: _one, _few, _other).
    auto_closed_one: 'Automatski zatvoren jer {{count}} dan nije bilo aktivnosti',
    auto_closed_few: 'Automatski zatvoren jer {{count}} dana nije bilo aktivnosti',
    auto_closed_other: 'Automatski zatvoren jer {{count}} dana nije bilo aktivnosti',
  },
  attachments: {
    download: 'Preuzmi {{name}}',
    remove: 'Ukloni {{name}}',
  },
};

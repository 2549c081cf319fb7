import { type TicketSummary } from '@centrala/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { useFormatDateTime } from '../../../i18n';
import { PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { ReferenceLink } from '../tickets/QueueTable';
import { directoryKeys, fetchTickets } from './directoryApi';
import { ResponsiveTable, type Column } from './ResponsiveTable';
import { Section } from './Section';

/** The customer's tickets, every status: disabling a customer keeps them, and this shows they are still there. */
export function TicketsSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const tickets = useQuery({ queryKey: directoryKeys.tickets(accountId), queryFn: () => fetchTickets(accountId) });

  const columns: Column<TicketSummary>[] = [
    { header: t('directory.tickets.reference'), cell: (ticket) => <ReferenceLink reference={ticket.reference} /> },
    { header: t('directory.tickets.subject'), cell: (ticket) => ticket.subject },
    { header: t('directory.tickets.status'), cell: (ticket) => <StatusBadge status={ticket.status} audience="agent" /> },
    { header: t('directory.tickets.priority'), cell: (ticket) => <PriorityBadge priority={ticket.priority} /> },
    { header: t('directory.tickets.updated'), cell: (ticket) => formatDateTime(ticket.updatedAt) },
  ];

  return (
    <Section name="tickets" title={t('directory.tickets.title')}>
      <QueryState query={tickets}>
        {({ tickets: list }) => (
          <ResponsiveTable
            rows={list}
            columns={columns}
            rowKey={(ticket) => ticket.id}
            rowTestId="customer-ticket"
            minWidth={640}
            empty={t('directory.tickets.empty')}
          />
        )}
      </QueryState>
    </Section>
  );
}

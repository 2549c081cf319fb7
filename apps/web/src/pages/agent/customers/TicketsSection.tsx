import { Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { useFormatDateTime } from '../../../i18n';
import { PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { ReferenceLink } from '../tickets/QueueTable';
import { directoryKeys, fetchTickets } from './directoryApi';

/** The customer's tickets, every status: disabling a customer keeps them, and this shows they are still there. */
export function TicketsSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const tickets = useQuery({ queryKey: directoryKeys.tickets(accountId), queryFn: () => fetchTickets(accountId) });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="customer-tickets" data-testid="customer-tickets">
      <Title order={2} size="h4" id="customer-tickets" mb="sm">
        {t('directory.tickets.title')}
      </Title>
      <QueryState query={tickets}>
        {({ tickets: list }) =>
          list.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('directory.tickets.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('directory.tickets.reference')}</Table.Th>
                    <Table.Th>{t('directory.tickets.subject')}</Table.Th>
                    <Table.Th>{t('directory.tickets.status')}</Table.Th>
                    <Table.Th>{t('directory.tickets.priority')}</Table.Th>
                    <Table.Th>{t('directory.tickets.updated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((ticket) => (
                    <Table.Tr key={ticket.id} data-testid="customer-ticket">
                      <Table.Td>
                        <ReferenceLink reference={ticket.reference} />
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{ticket.subject}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={ticket.status} audience="agent" />
                      </Table.Td>
                      <Table.Td>
                        <PriorityBadge priority={ticket.priority} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(ticket.updatedAt)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Paper>
  );
}

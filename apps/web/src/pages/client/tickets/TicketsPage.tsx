import type { TicketSummary } from '@centrala/contracts';
import { Anchor, Button, Card, EmptyState, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMessagePlus, IconTicket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/QueryState';
import { PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { ticketPath, useDepartmentName, useTicketList } from './queries';
import { RelativeTime } from './RelativeTime';

function NewTicketButton() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/client/tickets/new" leftSection={<IconMessagePlus size={16} />} data-testid="new-ticket-button">
      {t('clientTickets.list.newTicket')}
    </Button>
  );
}

export function TicketsPage() {
  const { t } = useTranslation();
  const tickets = useTicketList();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('clientTickets.list.title')}
        </Title>
        <NewTicketButton />
      </Group>
      <QueryState query={tickets}>{({ tickets: list }) => (list.length === 0 ? <NoTickets /> : <TicketTable tickets={list} />)}</QueryState>
    </Stack>
  );
}

function NoTickets() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="xl" data-testid="tickets-empty">
      <EmptyState
        icon={<IconTicket size={26} />}
        variant="light"
        color="gray"
        title={t('clientTickets.list.empty')}
        description={t('clientTickets.list.emptyHint')}
      >
        <EmptyState.Actions>
          <NewTicketButton />
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  );
}

/** A table on wide screens, cards on phones; only one is rendered so test ids stay unique. */
function TicketTable({ tickets }: { tickets: TicketSummary[] }) {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });

  if (!wide) {
    return (
      <Stack gap="sm" data-testid="tickets-table">
        {tickets.map((ticket) => (
          <Card key={ticket.id} withBorder data-testid="ticket-row" data-reference={ticket.reference} component="article">
            <Group justify="space-between" wrap="nowrap" align="flex-start" mb={4}>
              <Text size="sm" ff="monospace" c="dimmed">
                {ticket.reference}
              </Text>
              <RelativeTime iso={ticket.updatedAt} size="xs" c="dimmed" />
            </Group>
            <Anchor component={Link} to={ticketPath(ticket.reference)} fw={600} mb="xs">
              {ticket.subject}
            </Anchor>
            <Group gap="xs">
              <StatusBadge status={ticket.status} audience="client" size="md" />
              <PriorityBadge priority={ticket.priority} size="md" />
              <Text size="xs" c="dimmed">
                {departmentName(ticket.departmentId) ?? ''}
              </Text>
            </Group>
          </Card>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table data-testid="tickets-table" verticalSpacing="sm" highlightOnHover withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('clientTickets.list.reference')}</Table.Th>
            <Table.Th>{t('clientTickets.list.subject')}</Table.Th>
            <Table.Th>{t('clientTickets.list.status')}</Table.Th>
            <Table.Th>{t('clientTickets.list.priority')}</Table.Th>
            <Table.Th>{t('clientTickets.list.department')}</Table.Th>
            <Table.Th>{t('clientTickets.list.lastUpdate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket) => (
            <Table.Tr key={ticket.id} data-testid="ticket-row" data-reference={ticket.reference}>
              <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                <Anchor
                  component={Link}
                  to={ticketPath(ticket.reference)}
                  ff="monospace"
                  aria-label={t('clientTickets.list.open', { reference: ticket.reference })}
                >
                  {ticket.reference}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={ticketPath(ticket.reference)} c="inherit" fw={500} tabIndex={-1}>
                  {ticket.subject}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={ticket.status} audience="client" size="md" />
              </Table.Td>
              <Table.Td>
                <PriorityBadge priority={ticket.priority} size="md" />
              </Table.Td>
              <Table.Td>{departmentName(ticket.departmentId) ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <RelativeTime iso={ticket.updatedAt} size="sm" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

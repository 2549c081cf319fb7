import type { TicketSummary } from '@centrala/contracts';
import { Anchor, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { useNow } from '../../../tickets/clock';
import { formatRelative } from '../../../tickets/format';
import { SlaDue } from './SlaDue';

/** The queue, dense, in the server's order (High first, then nearest due). */
export function QueueTable({ tickets }: { tickets: TicketSummary[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table verticalSpacing={6} horizontalSpacing="xs" highlightOnHover withTableBorder striped={false} fz="sm" data-testid="ticket-queue">
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            <Table.Th>{t('agentTickets.queue.columns.priority')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.reference')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.subject')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.customer')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.service')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.status')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.assignee')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.due')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket) => (
            <QueueRow key={ticket.id} ticket={ticket} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function QueueRow({ ticket }: { ticket: TicketSummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const href = `/agent/tickets/${ticket.reference}`;
  const high = ticket.priority === 'high';

  return (
    <Table.Tr
      data-testid="queue-row"
      data-reference={ticket.reference}
      data-priority={ticket.priority}
      // The whole row is a mouse target; keyboard users reach the same place through the reference link.
      onClick={(event) => {
        if (!(event.target instanceof Element) || !event.target.closest('a')) void navigate(href);
      }}
      style={{
        cursor: 'pointer',
        boxShadow: high ? 'inset 3px 0 0 var(--mantine-color-red-6)' : undefined,
      }}
    >
      <Table.Td>
        <PriorityBadge priority={ticket.priority} size="xs" />
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={href} ff="monospace" fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
          {ticket.reference}
        </Anchor>
      </Table.Td>
      {/*
        Widths on the text, not the cell: table cells ignore max-width. The subject takes whatever the other
        columns (about 1250 px with the navbar) leave, so the table fits a laptop screen without scrolling.
      */}
      <Table.Td>
        <Text size="sm" fw={high ? 600 : 400} truncate maw="max(150px, calc(100vw - 1250px))" title={ticket.subject}>
          {ticket.subject}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate maw={130} title={ticket.accountName}>
          {ticket.accountName}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate maw={120} c={ticket.serviceName ? undefined : 'dimmed'}>
          {ticket.serviceName ?? t('agentTickets.queue.nobody')}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={ticket.status} audience="agent" size="xs" />
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate maw={110} c={ticket.assigneeName ? undefined : 'dimmed'}>
          {ticket.assigneeName ?? t('agentTickets.queue.nobody')}
        </Text>
      </Table.Td>
      <Table.Td>
        <SlaDue dueAt={ticket.dueAt} slaState={ticket.slaState} />
      </Table.Td>
      <Table.Td>
        <LastUpdate iso={ticket.updatedAt} />
      </Table.Td>
    </Table.Tr>
  );
}

function LastUpdate({ iso }: { iso: string }) {
  const now = useNow();
  const locale = useLocale();
  const formatDateTime = useFormatDateTime();
  return (
    <Tooltip label={formatDateTime(iso)} withArrow>
      <Text size="sm" c="dimmed" span style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={iso}>{formatRelative(iso, now, locale, 'short')}</time>
      </Text>
    </Tooltip>
  );
}

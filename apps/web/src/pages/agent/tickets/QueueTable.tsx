import type { TicketSummary } from '@centrala/contracts';
import { Anchor, Table, Text, Tooltip, type TextProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { useNow } from '../../../tickets/clock';
import { formatRelative } from '../../../tickets/format';
import { SlaDue } from './SlaDue';

/**
 * The queue, dense, in the server's order (High first, then nearest due). It fits a 1280 px laptop screen
 * beside the navbar: the badges, reference and clocks keep their natural width, the texts that can be long
 * are cut with an ellipsis (whole on hover), and the subject takes whatever width is left. Where even that
 * does not fit (narrower screens), the table scrolls sideways inside its container, not the page.
 */
export function QueueTable({ tickets }: { tickets: TicketSummary[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table verticalSpacing={6} horizontalSpacing={8} highlightOnHover withTableBorder striped={false} fz="sm" data-testid="ticket-queue">
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            <Table.Th>{t('agentTickets.queue.columns.priority')}</Table.Th>
            <Table.Th>{t('agentTickets.queue.columns.reference')}</Table.Th>
            <Table.Th style={greedy}>{t('agentTickets.queue.columns.subject')}</Table.Th>
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

/**
 * The subject column's cells: `width: 100%` takes the space the other columns leave, and `max-width: 0`
 * keeps a long subject from widening the table (its text is cut instead). The minimum width wins over
 * that maximum, so on a narrow screen the table scrolls rather than squeeze the subject to nothing.
 */
const greedy = { width: '100%', maxWidth: 0, minWidth: 140 } as const;

/**
 * Caps of the other cut texts: a little more on wide screens, where the subject has room enough. At
 * 1280 px they leave the subject about 185 px in Croatian and 155 px in English (longer status labels).
 */
const customerWidth = 'clamp(90px, 8vw, 180px)';
const serviceWidth = 'clamp(80px, 8vw, 160px)';
const assigneeWidth = 'clamp(70px, 6.5vw, 140px)';

function QueueRow({ ticket }: { ticket: TicketSummary }) {
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
      <Table.Td style={greedy}>
        <CutText fw={high ? 600 : 400}>{ticket.subject}</CutText>
      </Table.Td>
      <Table.Td>
        <CutText maw={customerWidth}>{ticket.accountName}</CutText>
      </Table.Td>
      <Table.Td>{ticket.serviceName ? <CutText maw={serviceWidth}>{ticket.serviceName}</CutText> : <Nobody />}</Table.Td>
      <Table.Td>
        <StatusBadge status={ticket.status} audience="agent" size="xs" />
      </Table.Td>
      <Table.Td>{ticket.assigneeName ? <CutText maw={assigneeWidth}>{ticket.assigneeName}</CutText> : <Nobody />}</Table.Td>
      <Table.Td>
        <SlaDue dueAt={ticket.dueAt} slaState={ticket.slaState} />
      </Table.Td>
      <Table.Td>
        <LastUpdate iso={ticket.updatedAt} />
      </Table.Td>
    </Table.Tr>
  );
}

/** One line cut with an ellipsis; the whole text shows on hover (and is read in full by screen readers). */
function CutText({ children, ...props }: { children: string } & Pick<TextProps, 'fw' | 'maw'>) {
  return (
    <Text size="sm" truncate title={children} {...props}>
      {children}
    </Text>
  );
}

function Nobody() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('agentTickets.queue.nobody')}
    </Text>
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

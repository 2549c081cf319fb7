import type { TicketSummary } from '@centrala/contracts';
import { Anchor, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { AbuseBadge, PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { useNow } from '../../../tickets/clock';
import { formatRelative } from '../../../tickets/format';
import { SlaDue } from './SlaDue';

/**
 * The queue on a laptop or wider, in the server's order (High first, then nearest due). Five columns, each
 * a pair of facts read together, so the subject gets the width: priority and reference; the subject, on up
 * to two lines; customer and service; status and assignee; the SLA countdown and the last change. At 1280 px
 * beside the navbar a subject shows about 120 characters, and two tickets of one customer about one server
 * can be told apart (issue 10 point 5). Phones get QueueCards instead.
 */
export function QueueTable({ tickets }: { tickets: TicketSummary[] }) {
  const { t } = useTranslation();
  const column = (name: keyof typeof columnKeys) => t(columnKeys[name]);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table
        verticalSpacing={6}
        horizontalSpacing={8}
        highlightOnHover
        withTableBorder
        striped={false}
        fz="sm"
        data-testid="ticket-queue"
        data-layout="table"
      >
        <Table.Thead style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
          <Table.Tr>
            <Table.Th>
              <Pair first={column('priority')} second={column('reference')} />
            </Table.Th>
            <Table.Th style={greedy}>{t('agentTickets.queue.columns.subject')}</Table.Th>
            <Table.Th>
              <Pair first={column('customer')} second={column('service')} />
            </Table.Th>
            <Table.Th>
              <Pair first={column('status')} second={column('assignee')} />
            </Table.Th>
            <Table.Th>
              <Pair first={column('due')} second={column('updated')} />
            </Table.Th>
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

/** A column's two headings, one above the other as the cells' two facts are (the space keeps them two words). */
function Pair({ first, second }: { first: string; second: string }) {
  return (
    <>
      <span style={{ display: 'block' }}>{first}</span> <span style={{ display: 'block', fontWeight: 400 }}>{second}</span>
    </>
  );
}

const columnKeys = {
  priority: 'agentTickets.queue.columns.priority',
  reference: 'agentTickets.queue.columns.reference',
  customer: 'agentTickets.queue.columns.customer',
  service: 'agentTickets.queue.columns.service',
  status: 'agentTickets.queue.columns.status',
  assignee: 'agentTickets.queue.columns.assignee',
  due: 'agentTickets.queue.columns.due',
  updated: 'agentTickets.queue.columns.updated',
} as const;

/** The subject takes the width the others leave (they keep their natural width), but never less than this. */
const greedy = { width: '100%', minWidth: 200 } as const;
/** Customer and service names are cut (whole on hover) rather than squeeze the subject. */
const namesWidth = 'clamp(140px, 16vw, 260px)';

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
        verticalAlign: 'top',
        boxShadow: high ? 'inset 3px 0 0 var(--mantine-color-red-6)' : undefined,
      }}
    >
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <PriorityBadge priority={ticket.priority} size="xs" />
          {ticket.abuse && <AbuseBadge size="xs" />}
          <ReferenceLink reference={ticket.reference} />
        </Stack>
      </Table.Td>
      <Table.Td style={greedy}>
        <Subject ticket={ticket} lines={2} />
      </Table.Td>
      <Table.Td>
        <CustomerName ticket={ticket} maw={namesWidth} />
        <ServiceName ticket={ticket} maw={namesWidth} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Stack gap={4} align="flex-start">
          <StatusBadge status={ticket.status} audience="agent" size="xs" />
          <AssigneeName ticket={ticket} />
        </Stack>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Stack gap={2}>
          <SlaDue dueAt={ticket.dueAt} slaState={ticket.slaState} />
          <LastUpdate iso={ticket.updatedAt} />
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

export function ReferenceLink({ reference }: { reference: string }) {
  return (
    <Anchor component={Link} to={`/agent/tickets/${reference}`} ff="monospace" fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
      {reference}
    </Anchor>
  );
}

/** The subject on up to `lines` lines, wrapping anywhere a long host name needs; whole on hover. */
export function Subject({ ticket, lines }: { ticket: TicketSummary; lines: number }) {
  return (
    <Text
      size="sm"
      fw={ticket.priority === 'high' ? 600 : 400}
      lineClamp={lines}
      title={ticket.subject}
      style={{ overflowWrap: 'anywhere' }}
    >
      {ticket.subject}
    </Text>
  );
}

/**
 * The account's name; a ticket no account is linked to yet (an unknown email sender, R11) says so in words, where a
 * dash would read as a name left out, so that the agent sees which tickets still wait for a link.
 */
export function CustomerName({ ticket, maw }: { ticket: TicketSummary; maw?: string }) {
  const { t } = useTranslation();
  if (ticket.accountName === null) {
    return (
      <Text size="sm" c="dimmed" fs="italic" truncate maw={maw} data-testid="queue-no-account">
        {t('agentTickets.queue.noAccount')}
      </Text>
    );
  }
  return (
    <Text size="sm" truncate maw={maw} title={ticket.accountName}>
      {ticket.accountName}
    </Text>
  );
}

export function ServiceName({ ticket, maw }: { ticket: TicketSummary; maw?: string }) {
  const { t } = useTranslation();
  const name = ticket.serviceName ?? t('agentTickets.queue.nobody');
  return (
    <Text size="xs" c="dimmed" truncate maw={maw} title={ticket.serviceName ?? undefined}>
      {name}
    </Text>
  );
}

export function AssigneeName({ ticket }: { ticket: TicketSummary }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed" truncate maw={160} title={ticket.assigneeName ?? undefined}>
      {ticket.assigneeName ?? t('agentTickets.queue.nobody')}
    </Text>
  );
}

export function LastUpdate({ iso }: { iso: string }) {
  const now = useNow();
  const locale = useLocale();
  const formatDateTime = useFormatDateTime();
  return (
    <Tooltip label={formatDateTime(iso)} withArrow>
      <Text size="xs" c="dimmed" span style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={iso}>{formatRelative(iso, now, locale, 'short')}</time>
      </Text>
    </Tooltip>
  );
}

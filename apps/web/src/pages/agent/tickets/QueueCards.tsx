import type { TicketSummary } from '@centrala/contracts';
import { Group, Paper, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AbuseBadge, PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { SlaDue } from './SlaDue';
import { AssigneeName, CustomerName, LastUpdate, ReferenceLink, ServiceName, Subject } from './QueueTable';

/**
 * The queue on a phone (issue 10 point 5): one card per ticket, in the same order, with the same facts as the
 * table's row and the SLA countdown at the top right, where a thumb-scrolling agent looks first.
 */
export function QueueCards({ tickets }: { tickets: TicketSummary[] }) {
  const { t } = useTranslation();
  return (
    <Stack
      component="ul"
      gap="xs"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={t('agentTickets.queue.title')}
      data-testid="ticket-queue"
      data-layout="cards"
    >
      {tickets.map((ticket) => (
        <QueueCard key={ticket.id} ticket={ticket} />
      ))}
    </Stack>
  );
}

function QueueCard({ ticket }: { ticket: TicketSummary }) {
  const navigate = useNavigate();
  const high = ticket.priority === 'high';
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      radius="md"
      data-testid="queue-row"
      data-reference={ticket.reference}
      data-priority={ticket.priority}
      // As the table's row: the card is a mouse and touch target, the reference link the keyboard's.
      onClick={(event) => {
        if (!(event.target instanceof Element) || !event.target.closest('a')) void navigate(`/agent/tickets/${ticket.reference}`);
      }}
      style={{ cursor: 'pointer', borderLeft: high ? '4px solid var(--mantine-color-red-6)' : undefined }}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <PriorityBadge priority={ticket.priority} size="xs" />
            <ReferenceLink reference={ticket.reference} />
          </Group>
          <SlaDue dueAt={ticket.dueAt} slaState={ticket.slaState} />
        </Group>
        {/* Its own line: beside the reference and the due time it would push them past a phone's width. */}
        {ticket.abuse && <AbuseBadge size="xs" />}
        <Subject ticket={ticket} lines={3} />
        <div>
          <CustomerName ticket={ticket} />
          <ServiceName ticket={ticket} />
        </div>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <StatusBadge status={ticket.status} audience="agent" size="xs" />
          <Group gap="xs" wrap="nowrap" miw={0}>
            <AssigneeName ticket={ticket} />
            <LastUpdate iso={ticket.updatedAt} />
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

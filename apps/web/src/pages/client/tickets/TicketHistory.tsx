import type { TicketEvent } from '@centrala/contracts';
import { Button, Collapse, Stack, Text, Timeline } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp, IconHistory } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '../../../i18n';
import { useTicketLabels } from '../../../tickets/labels';
import { useDepartmentName } from './queries';

/** R8: what happened to the ticket and when; folded away because the conversation matters more. */
export function TicketHistory({ events }: { events: TicketEvent[] }) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  const panelId = useId();
  if (events.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="ticket-history">
      <div>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconHistory size={16} />}
          rightSection={opened ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
          onClick={toggle}
          aria-expanded={opened}
          aria-controls={panelId}
        >
          {opened ? t('clientTickets.view.historyHide') : t('clientTickets.view.historyShow', { count: events.length })}
        </Button>
      </div>
      <Collapse expanded={opened} id={panelId}>
        <Timeline bulletSize={14} lineWidth={2} pl="xs" pt="xs">
          {events.map((event) => (
            <Timeline.Item key={event.id} title={<EventTitle event={event} />}>
              <EventMeta event={event} />
            </Timeline.Item>
          ))}
        </Timeline>
      </Collapse>
    </Stack>
  );
}

function EventTitle({ event }: { event: TicketEvent }) {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  const { statusOf, priorityOf } = useTicketLabels('client');
  const { data } = event;
  let title: string;
  switch (event.kind) {
    case 'created':
      title = data.via === 'phone' ? t('clientTickets.events.createdByPhone') : t('clientTickets.events.created');
      break;
    case 'merged':
      title = t('clientTickets.events.merged', { reference: typeof data.into === 'string' ? data.into : '—' });
      break;
    case 'merged_in':
      title = t('clientTickets.events.mergedIn', { reference: typeof data.from === 'string' ? data.from : '—' });
      break;
    case 'status':
      title = t('tickets.events.status', { from: statusOf(data.from, '—'), to: statusOf(data.to, '—') });
      break;
    case 'reopened':
      title = t('clientTickets.events.reopened');
      break;
    case 'auto_closed':
      // Always recorded by the auto-close job; a count of 0 would only show for a hand-made event.
      title = t('tickets.events.auto_closed', { count: typeof data.quietDays === 'number' ? data.quietDays : 0 });
      break;
    case 'department': {
      const to = typeof data.to === 'string' ? departmentName(data.to) : null;
      title = to ? t('clientTickets.events.departmentTo', { to }) : t('clientTickets.events.department');
      break;
    }
    case 'priority':
      title = t('tickets.events.priority', { from: priorityOf(data.from, '—'), to: priorityOf(data.to, '—') });
      break;
    default:
      title = t('clientTickets.events.other', { kind: event.kind });
  }
  return (
    <Text size="sm" fw={500}>
      {title}
    </Text>
  );
}

function EventMeta({ event }: { event: TicketEvent }) {
  const formatDateTime = useFormatDateTime();
  return (
    <Text size="xs" c="dimmed">
      <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
      {event.actorName && ` · ${event.actorName}`}
    </Text>
  );
}

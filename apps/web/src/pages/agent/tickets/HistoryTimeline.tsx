import { Channel, type TicketEvent } from '@centrala/contracts';
import { Paper, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '../../../i18n';
import { useTicketLabels } from '../../../tickets/labels';
import { useDepartmentName, useStaff } from './lookups';

/** R8: who changed what, when, newest last. */
export function HistoryTimeline({ events }: { events: TicketEvent[] }) {
  const { t } = useTranslation();
  const describe = useDescribeEvent();
  const formatDateTime = useFormatDateTime();

  return (
    <Paper withBorder p="sm" radius="md" data-testid="ticket-history">
      <Title order={2} size="h5" mb="xs">
        {t('agentTickets.history.title')}
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('agentTickets.history.empty')}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} active={events.length - 1}>
          {events.map((event) => (
            <Timeline.Item
              key={event.id}
              title={<Text size="sm">{describe(event)}</Text>}
              color={event.kind === 'sla_breached' ? 'red' : event.kind === 'sla_warning' ? 'orange' : undefined}
              data-testid="history-event"
              data-kind={event.kind}
            >
              <Text size="xs" c="dimmed">
                {event.actorName ?? t('agentTickets.history.system')} ·{' '}
                <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Turns a stored event (`kind` + `data` with ids and enum values) into a sentence in the current language. */
function useDescribeEvent(): (event: TicketEvent) => string {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  const staff = useStaff();

  const { statusOf, priorityOf } = useTicketLabels('agent');

  return (event) => {
    const { data } = event;
    switch (event.kind) {
      case 'created': {
        if (data.via === 'phone') return t('agentTickets.history.kinds.createdByPhone', { agent: event.actorName ?? '—' });
        const channel = Channel.safeParse(data.channel);
        return t('agentTickets.history.kinds.created', {
          channel: channel.success ? t(`agentTickets.channels.${channel.data}`) : String(data.channel ?? ''),
        });
      }
      case 'replied':
        return data.first ? t('agentTickets.history.kinds.firstReply') : t('agentTickets.history.kinds.replied');
      case 'note':
        return t('agentTickets.history.kinds.note');
      case 'status':
        return t('tickets.events.status', { from: statusOf(data.from, String(data.from)), to: statusOf(data.to, String(data.to)) });
      case 'priority':
        return t('tickets.events.priority', { from: priorityOf(data.from, String(data.from)), to: priorityOf(data.to, String(data.to)) });
      case 'department':
        return t('agentTickets.history.kinds.department', { from: departmentName(text(data.from)), to: departmentName(text(data.to)) });
      case 'assignee': {
        const to = text(data.to);
        if (to === null) return t('agentTickets.history.kinds.unassigned');
        return t('agentTickets.history.kinds.assigned', { to: staff.data?.find((member) => member.id === to)?.name ?? to });
      }
      case 'account':
        return t('agentTickets.history.kinds.account');
      case 'reopened':
        return t('agentTickets.history.kinds.reopened');
      case 'merged':
        return t('agentTickets.history.kinds.merged', { reference: text(data.into) ?? '—' });
      case 'merged_in':
        return t('agentTickets.history.kinds.merged_in', { reference: text(data.from) ?? '—', count: Number(data.messages ?? 0) });
      case 'auto_closed':
        return t('tickets.events.auto_closed', { count: Number(data.quietDays ?? 0) });
      case 'sla_warning':
        return t('agentTickets.history.kinds.sla_warning');
      case 'sla_breached':
        return t('agentTickets.history.kinds.sla_breached');
      default:
        return t('agentTickets.history.kinds.other', { kind: event.kind });
    }
  };
}

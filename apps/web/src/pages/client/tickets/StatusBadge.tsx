import type { TicketPriority, TicketStatus } from '@centrala/contracts';
import { Badge } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

// Colours follow who has to act: blue/orange while waiting, green when solved, grey when over.
const statusColor: Record<TicketStatus, string> = {
  open: 'blue',
  awaiting_agent: 'indigo',
  awaiting_customer: 'orange',
  resolved: 'green',
  closed: 'gray',
};

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light" data-status={status}>
      {t(`clientTickets.statuses.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return priority === 'high' ? (
    <Badge color="red" variant="filled" leftSection={<IconFlame size={12} aria-hidden />} data-priority={priority}>
      {t('clientTickets.priorities.high')}
    </Badge>
  ) : (
    <Badge color="gray" variant="outline" data-priority={priority}>
      {t('clientTickets.priorities.regular')}
    </Badge>
  );
}

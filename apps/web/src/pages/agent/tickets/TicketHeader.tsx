import type { TicketDetail } from '@centrala/contracts';
import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AbuseBadge, PriorityBadge, StatusBadge, TrustBadge } from '../../../tickets/badges';
import { PresenceBar } from './PresenceBar';
import type { Viewer } from './usePresence';

export function TicketHeader({ ticket, viewers }: { ticket: TicketDetail; viewers: Viewer[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Anchor component={Link} to="/agent" size="sm" c="dimmed">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          {t('agentTickets.ticket.back')}
        </Group>
      </Anchor>
      <Group gap="xs">
        <Text ff="monospace" fw={700} c="dimmed" data-testid="ticket-reference">
          {ticket.reference}
        </Text>
        <PriorityBadge priority={ticket.priority} />
        {ticket.abuse && <AbuseBadge />}
        <StatusBadge status={ticket.status} audience="agent" />
        <TrustBadge trust={ticket.trust} focusable />
        <Badge variant="outline" color="gray" size="sm">
          {t(`agentTickets.channels.${ticket.channel}`)}
        </Badge>
      </Group>
      <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }}>
        {ticket.subject}
      </Title>
      <PresenceBar viewers={viewers} />
    </Stack>
  );
}

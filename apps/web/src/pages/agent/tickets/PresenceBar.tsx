import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Viewer } from './usePresence';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** "Also viewing: (A)(L) · Ana is typing…" — the collision warning at the top of a ticket. */
export function PresenceBar({ viewers }: { viewers: Viewer[] }) {
  const { t } = useTranslation();
  if (viewers.length === 0) return null;
  const typing = viewers.filter((viewer) => viewer.typing);
  return (
    <Group gap="xs" data-testid="presence" aria-live="polite" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {t('agentTickets.ticket.alsoViewing')}
      </Text>
      <Avatar.Group spacing="xs">
        {viewers.map((viewer) => (
          <Tooltip key={viewer.userId} label={viewer.name} withArrow>
            <Avatar
              size="sm"
              radius="xl"
              color={viewer.typing ? 'orange' : 'indigo'}
              aria-label={viewer.name}
              data-testid="presence-viewer"
            >
              {initials(viewer.name)}
            </Avatar>
          </Tooltip>
        ))}
      </Avatar.Group>
      <Text size="sm" visibleFrom="sm" truncate>
        {viewers.map((viewer) => viewer.name).join(', ')}
      </Text>
      {typing.map((viewer) => (
        <Text key={viewer.userId} size="sm" c="orange.8" fs="italic" data-testid="presence-typing">
          {t('agentTickets.ticket.typing', { name: viewer.name })}
        </Text>
      ))}
    </Group>
  );
}

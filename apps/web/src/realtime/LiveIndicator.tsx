import { Box, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRealtime } from './useRealtime';

/** A small dot in the header: green when live updates arrive, grey while the socket is down. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const { state } = useRealtime();
  const live = state === 'connected';
  const label = live ? t('agentTickets.live.connected') : t('agentTickets.live.disconnected');
  return (
    <Tooltip label={live ? t('agentTickets.live.connectedHint') : t('agentTickets.live.disconnectedHint')} withArrow multiline w={240}>
      <Group gap={6} wrap="nowrap" data-testid="live-indicator" data-state={state} tabIndex={0} role="status" aria-label={label}>
        <Box
          w={10}
          h={10}
          bg={live ? 'green.6' : 'gray.5'}
          style={{ borderRadius: '50%', boxShadow: live ? '0 0 0 3px var(--mantine-color-green-1)' : undefined }}
          aria-hidden
        />
        <Text size="xs" fw={600} c={live ? 'green.8' : 'dimmed'} visibleFrom="xs">
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}

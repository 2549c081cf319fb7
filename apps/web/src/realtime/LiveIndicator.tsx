import { Box, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRealtime } from './useRealtime';

/**
 * A small dot in the header: green when live updates arrive, grey while the socket is down. It does nothing when
 * activated, so it is no Tab stop: the hint shows on hover, and as a status region it is read out (with the hint)
 * when the connection comes or goes.
 */
export function LiveIndicator() {
  const { t } = useTranslation();
  const { state } = useRealtime();
  const live = state === 'connected';
  const label = live ? t('agentTickets.live.connected') : t('agentTickets.live.disconnected');
  const hint = live ? t('agentTickets.live.connectedHint') : t('agentTickets.live.disconnectedHint');
  return (
    <Tooltip label={hint} withArrow multiline w={240}>
      <Group gap={6} wrap="nowrap" data-testid="live-indicator" data-state={state} role="status">
        <Box
          w={10}
          h={10}
          bg={live ? 'green.6' : 'gray.5'}
          style={{ borderRadius: '50%', boxShadow: live ? '0 0 0 3px var(--mantine-color-green-1)' : undefined }}
          aria-hidden
        />
        {/* Shown from the xs breakpoint; the hidden copy below reads the same at every width. */}
        <Text size="xs" fw={600} c={live ? 'green.8' : 'dimmed'} visibleFrom="xs" aria-hidden>
          {label}
        </Text>
        <VisuallyHidden>{`${label}. ${hint}`}</VisuallyHidden>
      </Group>
    </Tooltip>
  );
}

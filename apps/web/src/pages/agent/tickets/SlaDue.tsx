import type { SlaState } from '@centrala/contracts';
import { Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { slaStateColor } from '../../../tickets/badges';
import { useNow } from '../../../tickets/clock';
import { formatCountdown } from '../../../tickets/format';

interface SlaDueProps {
  dueAt: string | null;
  slaState: SlaState;
  size?: 'xs' | 'sm' | 'md';
}

/**
 * A live countdown to the next answer that is due ("due in 12 min", "overdue 18 min"; formatCountdown),
 * coloured by the SLA state. Past the due instant it turns red at once, even before the server's breach
 * job has run; once the server says breached, it reads overdue whatever this browser's clock says.
 */
export function SlaDue({ dueAt, slaState, size = 'sm' }: SlaDueProps) {
  const { t } = useTranslation();
  const now = useNow();
  const formatDateTime = useFormatDateTime();
  const locale = useLocale();

  if (dueAt === null) {
    return (
      <Tooltip label={t('agentTickets.due.pausedHint')} withArrow multiline w={240}>
        <Text size={size} c="dimmed" data-testid="sla-due" data-state="paused" span>
          {t('agentTickets.due.paused')}
        </Text>
      </Tooltip>
    );
  }

  const countdown = formatCountdown((Date.parse(dueAt) - now) / 1000, locale, slaState === 'breached');
  const state: SlaState = countdown.overdue ? 'breached' : slaState;
  return (
    <Tooltip label={t('agentTickets.due.at', { time: formatDateTime(dueAt) })} withArrow>
      <Text
        size={size}
        span
        fw={state === 'ok' ? 500 : 700}
        c={`${slaStateColor[state]}.8`}
        style={{ whiteSpace: 'nowrap' }}
        data-testid="sla-due"
        data-state={state}
      >
        {countdown.text}
      </Text>
    </Tooltip>
  );
}

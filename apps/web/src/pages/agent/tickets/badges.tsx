import type { SlaState, TicketPriority, TicketStatus, Trust } from '@centrala/contracts';
import { Badge, Tooltip, type BadgeProps } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

type Size = BadgeProps['size'];

/** Badge labels here are one or two words: keep them whole even when a table column is squeezed. */
const whole = { label: { overflow: 'visible' } } as const;

export function PriorityBadge({ priority, size = 'sm' }: { priority: TicketPriority; size?: Size }) {
  const { t } = useTranslation();
  return priority === 'high' ? (
    <Badge color="red" variant="filled" size={size} styles={whole} leftSection={<IconFlame size={12} aria-hidden />}>
      {t('agentTickets.priorities.high')}
    </Badge>
  ) : (
    <Badge color="gray" variant="light" size={size} styles={whole}>
      {t('agentTickets.priorities.regular')}
    </Badge>
  );
}

const statusColor: Record<TicketStatus, string> = {
  open: 'blue',
  awaiting_agent: 'indigo',
  awaiting_customer: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

export function StatusBadge({ status, size = 'sm' }: { status: TicketStatus; size?: Size }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light" size={size} styles={whole}>
      {t(`agentTickets.statuses.${status}`)}
    </Badge>
  );
}

const trustColor: Record<Exclude<Trust, 'staff'>, string> = {
  session: 'green',
  email_authenticated: 'green',
  email_claimed: 'orange',
  anonymous: 'gray',
};

/** How the author was identified (DESIGN.md "Trust"); staff authors need no badge. */
export function TrustBadge({ trust, size = 'sm' }: { trust: Trust; size?: Size }) {
  const { t } = useTranslation();
  if (trust === 'staff') return null;
  return (
    <Tooltip label={t(`agentTickets.trustHints.${trust}`)} withArrow multiline w={260}>
      <Badge color={trustColor[trust]} variant="light" size={size} styles={whole} tt="none" data-testid="trust-badge" data-trust={trust} tabIndex={0}>
        {t(`agentTickets.trust.${trust}`)}
      </Badge>
    </Tooltip>
  );
}

export const slaStateColor: Record<SlaState, string> = {
  ok: 'teal',
  warning: 'orange',
  breached: 'red',
};

export function SlaStateBadge({ state, size = 'sm' }: { state: SlaState; size?: Size }) {
  const { t } = useTranslation();
  return (
    <Badge color={slaStateColor[state]} variant="light" size={size} styles={whole}>
      {t(`agentTickets.slaStates.${state}`)}
    </Badge>
  );
}

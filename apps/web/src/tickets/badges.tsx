import type { SlaState, TicketPriority, TicketStatus, Trust } from '@centrala/contracts';
import { Badge, Tooltip, type BadgeProps } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useTicketLabels, type Audience } from './labels';

type Size = BadgeProps['size'];

/** Badge labels here are one or two words: keep them whole even when a table column is squeezed. */
const whole = { label: { overflow: 'visible' } } as const;

/** Priority reads the same for customers and agents. */
export function PriorityBadge({ priority, size = 'sm' }: { priority: TicketPriority; size?: Size }) {
  const { t } = useTranslation();
  return priority === 'high' ? (
    <Badge
      color="red"
      variant="filled"
      size={size}
      styles={whole}
      leftSection={<IconFlame size={12} aria-hidden />}
      data-priority={priority}
    >
      {t(`tickets.priorities.${priority}`)}
    </Badge>
  ) : (
    <Badge color="gray" variant="outline" size={size} styles={whole} data-priority={priority}>
      {t(`tickets.priorities.${priority}`)}
    </Badge>
  );
}

// Colours follow who has to act: blue/indigo while support is on it, green when solved, grey when over.
const statusColor: Record<TicketStatus, string> = {
  open: 'blue',
  awaiting_agent: 'indigo',
  awaiting_customer: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

/**
 * Like the label, the colour of "waiting for the customer" depends on who reads it: orange tells customers it is
 * their turn; agents keep orange for "SLA due soon" (slaStateColor) and see it in yellow.
 */
const customerStatusColor: Partial<Record<TicketStatus, string>> = { awaiting_customer: 'orange' };

export function StatusBadge({ status, audience, size = 'sm' }: { status: TicketStatus; audience: Audience; size?: Size }) {
  const labels = useTicketLabels(audience);
  const color = (audience === 'client' ? customerStatusColor[status] : undefined) ?? statusColor[status];
  return (
    <Badge color={color} variant="light" size={size} styles={whole} data-status={status}>
      {labels.status(status)}
    </Badge>
  );
}

const trustColor: Record<Exclude<Trust, 'staff'>, string> = {
  session: 'green',
  email_authenticated: 'green',
  email_claimed: 'orange',
  anonymous: 'gray',
};

/** How the author was identified (DESIGN.md "Trust"); staff authors need no badge. Agents only. */
export function TrustBadge({ trust, size = 'sm' }: { trust: Trust; size?: Size }) {
  const { t } = useTranslation();
  if (trust === 'staff') return null;
  return (
    <Tooltip label={t(`agentTickets.trustHints.${trust}`)} withArrow multiline w={260}>
      <Badge
        color={trustColor[trust]}
        variant="light"
        size={size}
        styles={whole}
        tt="none"
        data-testid="trust-badge"
        data-trust={trust}
        tabIndex={0}
      >
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

/** Agents and admins only. */
export function SlaStateBadge({ state, size = 'sm' }: { state: SlaState; size?: Size }) {
  const { t } = useTranslation();
  return (
    <Badge color={slaStateColor[state]} variant="light" size={size} styles={whole}>
      {t(`agentTickets.slaStates.${state}`)}
    </Badge>
  );
}

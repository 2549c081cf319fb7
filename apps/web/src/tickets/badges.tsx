import type { SlaState, TicketPriority, TicketStatus, Trust } from '@centrala/contracts';
import { Badge, Tooltip, VisuallyHidden, type BadgeProps } from '@mantine/core';
import { IconFlame, IconShieldExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useTicketLabels, type Audience } from './labels';

type Size = BadgeProps['size'];

/**
 * Badge labels are one or two words: keep them whole even when a table column is squeezed (Mantine's label
 * ellipsis lets a table shrink "Off" to "O…"). For any short status badge, here and in the admin tables.
 */
export const wholeBadgeLabel = { label: { overflow: 'visible' } } as const;

/**
 * Staff only (issue 12 point 1): a ticket opened by mail to an abuse address or by an ARF report. Dark text on white
 * with an icon, so it reads without colour; its words are the label screen readers announce.
 */
export function AbuseBadge({ size = 'sm' }: { size?: Size }) {
  const { t } = useTranslation();
  return (
    <Badge
      color="grape.9"
      variant="outline"
      size={size}
      tt="none"
      styles={wholeBadgeLabel}
      leftSection={<IconShieldExclamation size={12} aria-hidden />}
      data-testid="abuse-badge"
    >
      {t('tickets.abuse')}
    </Badge>
  );
}

/** Priority reads the same for customers and agents. */
export function PriorityBadge({ priority, size = 'sm' }: { priority: TicketPriority; size?: Size }) {
  const { t } = useTranslation();
  return priority === 'high' ? (
    <Badge
      color="red"
      variant="filled"
      size={size}
      styles={wholeBadgeLabel}
      leftSection={<IconFlame size={12} aria-hidden />}
      data-priority={priority}
    >
      {t(`tickets.priorities.${priority}`)}
    </Badge>
  ) : (
    <Badge color="gray" variant="outline" size={size} styles={wholeBadgeLabel} data-priority={priority}>
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
    <Badge color={color} variant="light" size={size} styles={wholeBadgeLabel} data-status={status}>
      {labels.status(status)}
    </Badge>
  );
}

const trustColor: Record<Exclude<Trust, 'staff'>, string> = {
  session: 'green',
  email_authenticated: 'green',
  email_claimed: 'orange',
  anonymous: 'gray',
  api: 'blue',
};

/**
 * How the author was identified (docs/architecture.md "Trust"); staff authors need no badge. Agents only.
 * The hint (what the level allows) shows on hover. A badge does nothing, so it is no Tab stop, and screen readers
 * get the hint as text after it; only `focusable` (the ticket header's one badge) is a Tab stop, so keyboard users
 * can open the hint there as well (the tooltip then describes the badge).
 */
export function TrustBadge({ trust, size = 'sm', focusable = false }: { trust: Trust; size?: Size; focusable?: boolean }) {
  const { t } = useTranslation();
  if (trust === 'staff') return null;
  const hint = t(`agentTickets.trustHints.${trust}`);
  return (
    <>
      <Tooltip label={hint} withArrow multiline w={260} events={{ hover: true, focus: focusable, touch: false }}>
        <Badge
          color={trustColor[trust]}
          variant="light"
          size={size}
          styles={wholeBadgeLabel}
          tt="none"
          data-testid="trust-badge"
          data-trust={trust}
          tabIndex={focusable ? 0 : undefined}
        >
          {t(`agentTickets.trust.${trust}`)}
        </Badge>
      </Tooltip>
      {!focusable && <VisuallyHidden>{hint}</VisuallyHidden>}
    </>
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
    <Badge color={slaStateColor[state]} variant="light" size={size} styles={wholeBadgeLabel}>
      {t(`agentTickets.slaStates.${state}`)}
    </Badge>
  );
}

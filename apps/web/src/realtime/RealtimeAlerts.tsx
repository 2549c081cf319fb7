import type { ServerEvents } from '@centrala/contracts';
import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm, IconFlame } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SlaDue } from '../pages/agent/tickets/SlaDue';
import { useAlertSoundMuted } from './alertSound';
import { beep, unlockAudio } from './beep';
import { useRealtimeEvent } from './useRealtime';

type TicketChange = Parameters<ServerEvents['ticket:changed']>[0];
type SlaAlert = Parameters<ServerEvents['sla:alert']>[0];

// Bottom right: alerts that stay until dismissed must not cover the header and the queue filters.
const position = 'bottom-right';

/**
 * Alerts agents anywhere in the console: a new High priority ticket (red notification and a beep) and SLA
 * warnings and breaches (orange and red notifications). Renders nothing itself.
 */
export function RealtimeAlerts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [muted] = useAlertSoundMuted();

  // Notifications live outside the router, so their link navigates through the captured `navigate`.
  const openLink = (reference: string, notificationId: string) => (
    <Anchor
      href={`/agent/tickets/${reference}`}
      size="sm"
      fw={600}
      onClick={(event) => {
        event.preventDefault();
        notifications.hide(notificationId);
        void navigate(`/agent/tickets/${reference}`);
      }}
    >
      {t('agentTickets.alerts.open', { reference })}
    </Anchor>
  );

  useRealtimeEvent('ticket:changed', (ticket: TicketChange) => {
    if (ticket.change !== 'created' || ticket.priority !== 'high') return;
    const id = `high-${ticket.id}`;
    notifications.show({
      id,
      position,
      color: 'red',
      icon: <IconFlame size={18} />,
      title: t('agentTickets.alerts.highTitle', { reference: ticket.reference }),
      message: (
        <>
          <Text size="sm" lineClamp={2}>
            {ticket.subject}
          </Text>
          {openLink(ticket.reference, id)}
        </>
      ),
      // Stays until dismissed: an unseen critical incident is worse than a cluttered corner.
      autoClose: false,
      'data-testid': 'high-alert',
      'data-reference': ticket.reference,
    });
    if (!muted) beep();
  });

  useRealtimeEvent('sla:alert', (alert: SlaAlert) => {
    // One SLA notification per ticket: a breach replaces the earlier warning instead of stacking on it.
    const id = `sla-${alert.ticketId}`;
    const breached = alert.level === 'breached';
    notifications.hide(id);
    notifications.show({
      id,
      position,
      color: breached ? 'red' : 'orange',
      icon: <IconAlarm size={18} />,
      title: breached
        ? t('agentTickets.alerts.slaBreachedTitle', { reference: alert.reference })
        : t('agentTickets.alerts.slaWarningTitle', { reference: alert.reference }),
      message: (
        <>
          <Text size="sm" lineClamp={2}>
            {alert.subject}
          </Text>
          {/* The same live countdown as the queue's: a breach reads "overdue …" here too, never "0:00". */}
          {alert.dueAt !== null && <SlaDue dueAt={alert.dueAt} slaState={breached ? 'breached' : 'warning'} size="xs" />}{' '}
          {openLink(alert.reference, id)}
        </>
      ),
      autoClose: breached ? false : 15_000,
      'data-testid': 'sla-alert',
      'data-level': alert.level,
      'data-reference': alert.reference,
    });
  });

  // The first click or key press anywhere lets the browser play the beep later without a gesture.
  useEffect(() => {
    const unlock = () => unlockAudio();
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  return null;
}

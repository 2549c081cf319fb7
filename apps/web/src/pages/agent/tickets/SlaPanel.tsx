import type { TicketDetail } from '@centrala/contracts';
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { SlaStateBadge } from '../../../tickets/badges';
import { formatDuration } from '../../../tickets/format';
import { SlaDue } from './SlaDue';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <div style={{ textAlign: 'right' }}>{children}</div>
    </Group>
  );
}

/**
 * The ticket's clocks. Until the first answer, the due time on the ticket is the first-response deadline;
 * after it, the same field holds the next-response deadline.
 */
export function SlaPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const locale = useLocale();
  const answered = ticket.firstResponseAt !== null;

  return (
    <Paper withBorder p="sm" radius="md" data-testid="ticket-sla">
      <Title order={2} size="h5" mb="xs">
        {t('agentTickets.sla.title')}
      </Title>
      <Stack gap={6}>
        <Row label={t('agentTickets.sla.state')}>
          <SlaStateBadge state={ticket.slaState} />
        </Row>
        {answered && (
          <Row label={t('agentTickets.sla.firstResponseAt')}>
            <Text size="sm">
              <time dateTime={ticket.firstResponseAt!}>{formatDateTime(ticket.firstResponseAt!)}</time>
            </Text>
            <Text size="xs" c="dimmed">
              {formatDuration((Date.parse(ticket.firstResponseAt!) - Date.parse(ticket.createdAt)) / 1000, locale)}
            </Text>
          </Row>
        )}
        {/* One clock runs at a time: the first response until answered, then the next one. */}
        <Row label={t(answered ? 'agentTickets.sla.nextResponseDue' : 'agentTickets.sla.firstResponseDue')}>
          {ticket.dueAt && (
            <Text size="sm">
              <time dateTime={ticket.dueAt}>{formatDateTime(ticket.dueAt)}</time>
            </Text>
          )}
          <SlaDue dueAt={ticket.dueAt} slaState={ticket.slaState} size="xs" />
        </Row>
      </Stack>
    </Paper>
  );
}

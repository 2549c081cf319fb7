import type { TicketDetail } from '@centrala/contracts';
import { Alert, Anchor, Box, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconTicketOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api';
import { QueryState } from '../../../components/QueryState';
import { useFormatDateTime } from '../../../i18n';
import { PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { CloseTicketButton } from './CloseTicketButton';
import { MessageList } from './MessageList';
import { useDepartmentName, useTicket } from './queries';
import { ReplyForm } from './ReplyForm';
import { TicketHistory } from './TicketHistory';

export function TicketPage() {
  const { t } = useTranslation();
  const { reference = '' } = useParams();
  const ticket = useTicket(reference);
  return (
    <Stack maw={900}>
      <Anchor component={Link} to="/client/tickets" size="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden />
        {t('clientTickets.view.back')}
      </Anchor>
      {isApiError(ticket.error) && ticket.error.status === 404 ? (
        <Alert color="orange" icon={<IconTicketOff />} data-testid="ticket-not-found">
          {t('clientTickets.view.notFound')}
        </Alert>
      ) : (
        <QueryState query={ticket}>{(detail) => <TicketView ticket={detail} />}</QueryState>
      )}
    </Stack>
  );
}

function TicketView({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" data-testid="ticket-view" data-reference={ticket.reference} data-status={ticket.status}>
      <TicketHeader ticket={ticket} />
      <TicketHistory events={ticket.events} />
      <Stack gap="sm" component="section" aria-labelledby="conversation-title">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h4" id="conversation-title">
            {t('clientTickets.view.conversation')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('clientTickets.view.autoRefresh')}
          </Text>
        </Group>
        <MessageList messages={ticket.messages} />
      </Stack>
      <ReplyForm reference={ticket.reference} status={ticket.status} />
    </Stack>
  );
}

function TicketHeader({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  const formatDateTime = useFormatDateTime();
  return (
    <Stack gap="sm">
      {/*
        A long subject wraps and the button keeps its whole label; where the two no longer fit side by side
        (phones), the button moves below the title.
      */}
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={6} style={{ flex: '1 1 18rem', minWidth: 0 }}>
          <Group gap="xs">
            <Code fz="sm" data-testid="ticket-reference">
              {ticket.reference}
            </Code>
            <StatusBadge status={ticket.status} audience="client" size="md" />
            <PriorityBadge priority={ticket.priority} size="md" />
          </Group>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {ticket.subject}
          </Title>
        </Stack>
        {ticket.status !== 'closed' && (
          <Box style={{ flexShrink: 0 }}>
            <CloseTicketButton reference={ticket.reference} />
          </Box>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
        <Meta label={t('clientTickets.view.department')} value={departmentName(ticket.departmentId) ?? '—'} />
        <Meta label={t('clientTickets.view.service')} value={ticket.serviceName ?? t('clientTickets.view.noService')} />
        <Meta label={t('clientTickets.view.opened')} value={formatDateTime(ticket.createdAt)} />
      </SimpleGrid>
    </Stack>
  );
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value}
      </Text>
    </div>
  );
}

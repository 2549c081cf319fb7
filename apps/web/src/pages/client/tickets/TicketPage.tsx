import type { TicketDetail } from '@centrala/contracts';
import { Alert, Anchor, Box, Button, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowMerge, IconCircleCheck, IconTicketOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api';
import { QueryState } from '../../../components/QueryState';
import { useFormatDateTime, useLocalize } from '../../../i18n';
import { PriorityBadge, StatusBadge } from '../../../tickets/badges';
import { CloseTicketButton } from './CloseTicketButton';
import { IncidentGiven } from './IncidentGiven';
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
      <Acknowledgement ticket={ticket} />
      <TicketHeader ticket={ticket} />
      <IncidentGiven incident={ticket.incident} ticketService={ticket.serviceName} />
      <TicketHistory events={ticket.events} />
      {ticket.mergedInto && <MergedNotice reference={ticket.mergedInto} />}
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
      {/* A merged ticket's conversation goes on in the one it was merged into: replied to there. */}
      {!ticket.mergedInto && <ReplyForm reference={ticket.reference} status={ticket.status} />}
    </Stack>
  );
}

/** A duplicate merged into another ticket (issue 13 point 5): where its messages went, and the way there. */
function MergedNotice({ reference }: { reference: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" icon={<IconArrowMerge />} data-testid="ticket-merged-into">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('clientTickets.view.mergedInto', { reference })}</Text>
        <Button component={Link} to={`/client/tickets/${encodeURIComponent(reference)}`} size="xs">
          {t('clientTickets.view.openMerged', { reference })}
        </Button>
      </Stack>
    </Alert>
  );
}

/** Set as the navigation state by the new-ticket form, so only the filing itself is acknowledged. */
export interface FiledState {
  filed: true;
}
const isFiled = (state: unknown): state is FiledState => typeof state === 'object' && state !== null && 'filed' in state;

/**
 * The acknowledgement after filing (issue 10 point 2): part of the page rather than a toast over its header, with the
 * first answer promised as the acknowledgement mail states it. It stays until dismissed; dismissing drops the
 * navigation state, so going back or reloading does not acknowledge the ticket again.
 */
function Acknowledgement({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const location = useLocation();
  const navigate = useNavigate();
  // A ticket merged away since (a reload keeps the state) is answered in the other one: nothing to promise here.
  if (!isFiled(location.state) || ticket.mergedInto) return null;
  const dismiss = () => void navigate(location.pathname, { replace: true, state: null });
  return (
    <Alert
      color="green"
      icon={<IconCircleCheck />}
      title={t('clientTickets.form.created', { reference: ticket.reference })}
      withCloseButton
      closeButtonLabel={t('clientTickets.form.dismiss')}
      onClose={dismiss}
      data-testid="ticket-acknowledgement"
    >
      <Stack gap={4}>
        {ticket.promisedFirstResponse && (
          <Text size="sm" fw={600} data-testid="ticket-promise">
            {t('clientTickets.form.createdPromise', { promise: localize(ticket.promisedFirstResponse) })}
          </Text>
        )}
        <Text size="sm">{t('clientTickets.form.createdHint')}</Text>
      </Stack>
    </Alert>
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

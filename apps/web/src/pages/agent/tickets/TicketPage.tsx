import { TicketDetail } from '@centrala/contracts';
import { Alert, Anchor, Button, Grid, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiGet, isApiError } from '../../../api';
import { QueryState } from '../../../components/QueryState';
import { CustomerPanel } from './CustomerPanel';
import { HistoryTimeline } from './HistoryTimeline';
import { IncidentPanel } from './IncidentPanel';
import { MergePanel } from './MergePanel';
import { MessageCard } from './MessageCard';
import { OtherTicketsPanel } from './OtherTicketsPanel';
import { PropertiesPanel } from './PropertiesPanel';
import { ReplyBox } from './ReplyBox';
import { SlaPanel } from './SlaPanel';
import { TicketHeader } from './TicketHeader';
import { ticketQueryKeys } from './queryKeys';
import { useTicketPresence } from './usePresence';
import { useAgentTitle } from '../useAgentTitle';

/** `/agent/tickets/:reference`: conversation and reply on the left, the ticket's facts on the right. */
export function TicketPage() {
  const { t } = useTranslation();
  const { reference = '' } = useParams();
  const ticket = useQuery({
    queryKey: ticketQueryKeys.detail(reference),
    queryFn: () => apiGet(`/api/agent/tickets/${encodeURIComponent(reference)}`, TicketDetail),
  });
  useAgentTitle(ticket.data ? `${ticket.data.reference} ${ticket.data.subject}` : reference);

  if (isApiError(ticket.error) && ticket.error.status === 404) {
    return (
      <Alert color="orange" title={reference} data-testid="ticket-not-found">
        {t('agentTickets.ticket.notFound')}{' '}
        <Anchor component={Link} to="/agent">
          {t('agentTickets.ticket.back')}
        </Anchor>
      </Alert>
    );
  }

  return <QueryState query={ticket}>{(data) => <TicketView key={data.id} ticket={data} />}</QueryState>;
}

function TicketView({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const viewers = useTicketPresence(ticket.id);
  const merged = ticket.mergedInto;

  return (
    <Grid gap="md" data-testid="agent-ticket-view" data-reference={ticket.reference}>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="md">
          <TicketHeader ticket={ticket} viewers={viewers} />
          {merged && (
            <Alert color="blue" icon={<IconArrowMerge />} data-testid="ticket-merged-into">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{t('agentTickets.merge.mergedInto', { reference: merged })}</Text>
                <Button component={Link} to={`/agent/tickets/${encodeURIComponent(merged)}`} size="xs">
                  {t('agentTickets.merge.openTarget', { reference: merged })}
                </Button>
              </Stack>
            </Alert>
          )}
          <Stack gap="sm" component="section" aria-label={t('agentTickets.ticket.conversation')}>
            <VisuallyHidden component="h2">{t('agentTickets.ticket.conversation')}</VisuallyHidden>
            {ticket.messages.map((message) => (
              <MessageCard key={message.id} message={message} />
            ))}
          </Stack>
          {/* A merged duplicate's conversation goes on in its target: answered there, not here. */}
          {!merged && <ReplyBox ticket={ticket} viewers={viewers} />}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <PropertiesPanel ticket={ticket} />
          <SlaPanel ticket={ticket} />
          <IncidentPanel incident={ticket.incident} />
          <CustomerPanel ticket={ticket} />
          <OtherTicketsPanel ticket={ticket} />
          {!merged && <MergePanel ticket={ticket} />}
          <HistoryTimeline events={ticket.events} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

import { TicketDetail } from '@centrala/contracts';
import { Alert, Anchor, Grid, Stack, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiGet, isApiError } from '../../../api';
import { QueryState } from '../../../components/QueryState';
import { CustomerPanel } from './CustomerPanel';
import { HistoryTimeline } from './HistoryTimeline';
import { IncidentPanel } from './IncidentPanel';
import { MessageCard } from './MessageCard';
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

  return (
    <Grid gap="md" data-testid="agent-ticket-view" data-reference={ticket.reference}>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="md">
          <TicketHeader ticket={ticket} viewers={viewers} />
          <Stack gap="sm" component="section" aria-label={t('agentTickets.ticket.conversation')}>
            <VisuallyHidden component="h2">{t('agentTickets.ticket.conversation')}</VisuallyHidden>
            {ticket.messages.map((message) => (
              <MessageCard key={message.id} message={message} />
            ))}
          </Stack>
          <ReplyBox ticket={ticket} viewers={viewers} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <PropertiesPanel ticket={ticket} />
          <SlaPanel ticket={ticket} />
          <IncidentPanel incident={ticket.incident} />
          <CustomerPanel ticket={ticket} />
          <HistoryTimeline events={ticket.events} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

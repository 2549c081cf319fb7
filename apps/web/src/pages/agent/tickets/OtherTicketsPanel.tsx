import { TicketList, type TicketDetail } from '@centrala/contracts';
import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { useFormatDateTime } from '../../../i18n';
import { StatusBadge } from '../../../tickets/badges';
import { ticketQueryKeys } from './queryKeys';

const PAGE = 5;

/**
 * The customer's other tickets (issue 13 point 5): the account's, or for an accountless ticket those from the same
 * address; most recently changed first, five at a time, each a link. Agents reach every ticket, so none is left out.
 */
export function OtherTicketsPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const others = useInfiniteQuery({
    queryKey: ticketQueryKeys.others(ticket.reference),
    queryFn: ({ pageParam }) =>
      apiGet(
        `/api/agent/tickets/${encodeURIComponent(ticket.reference)}/others?limit=${PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        TicketList,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const tickets = others.data?.pages.flatMap((page) => page.tickets) ?? [];

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="other-tickets-title" data-testid="other-tickets">
      <Title order={2} size="h5" mb="xs" id="other-tickets-title">
        {ticket.accountId ? t('agentTickets.others.title') : t('agentTickets.others.titleAddress')}
      </Title>
      {others.isPending && <Skeleton h={48} />}
      {others.isError && <ErrorAlert error={others.error} onRetry={() => void others.refetch()} />}
      {others.isSuccess && tickets.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('agentTickets.others.empty')}
        </Text>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {tickets.map((other) => (
          <li key={other.id} data-testid="other-ticket" data-reference={other.reference}>
            <Group gap={6} wrap="nowrap" align="baseline">
              <Anchor component={Link} to={`/agent/tickets/${encodeURIComponent(other.reference)}`} size="sm" ff="monospace">
                {other.reference}
              </Anchor>
              <StatusBadge status={other.status} audience="agent" size="xs" />
            </Group>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {other.subject}
            </Text>
            <Text size="xs" c="dimmed">
              {t('agentTickets.others.updated', { when: formatDateTime(other.updatedAt) })}
            </Text>
          </li>
        ))}
      </Stack>
      {others.hasNextPage && (
        <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => void others.fetchNextPage()} loading={others.isFetchingNextPage}>
          {t('agentTickets.others.more')}
        </Button>
      )}
    </Paper>
  );
}

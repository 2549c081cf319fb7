import { TicketList } from '@centrala/contracts';
import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMailForward, IconPhoneCall } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../../api';
import { ErrorAlert, QueryState } from '../../../components/QueryState';
import { AlertSoundToggle } from '../../../realtime/AlertSoundToggle';
import { useAgentTitle } from '../useAgentTitle';
import { QueueCards } from './QueueCards';
import { QueueFilters } from './QueueFilters';
import { QueueTable } from './QueueTable';
import { ticketQueryKeys } from './queryKeys';
import { queueSearch, useQueueFilter } from './useQueueFilter';

/** `/agent`: the ticket queue. New and changed tickets arrive through the socket (see realtime/). */
export function QueuePage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useQueueFilter();
  const queue = useInfiniteQuery({
    queryKey: ticketQueryKeys.queue(filter),
    queryFn: ({ pageParam }) => apiGet(`/api/agent/tickets?${queueSearch(filter, pageParam)}`, TicketList),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Changing a filter keeps the old rows on screen until the new ones arrive, instead of a skeleton flash.
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(filter).some(Boolean);
  // Below Mantine's `sm` (where the navbar folds too): cards. Read at once, so a phone never renders the table first.
  const phone = useMediaQuery('(max-width: 47.99em)', undefined, { getInitialValueInEffect: false });
  useAgentTitle(t('agentTickets.queue.title'));

  return (
    <Stack gap="md">
      {/* On a phone the ways to start a ticket go under the title rather than past the screen's edge. */}
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Title order={1} size="h2">
            {t('agentTickets.queue.title')}
          </Title>
          {queue.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
        </Group>
        <Group gap="xs">
          <Button
            component={Link}
            to="/agent/tickets/new-email"
            size="xs"
            leftSection={<IconMailForward size={16} aria-hidden />}
            data-testid="new-email-link"
          >
            {t('agentTickets.newEmail.nav')}
          </Button>
          <Button
            component={Link}
            to="/agent/tickets/new-phone"
            size="xs"
            variant="light"
            leftSection={<IconPhoneCall size={16} aria-hidden />}
            data-testid="new-phone-link"
          >
            {t('agentTickets.newPhone.nav')}
          </Button>
          <AlertSoundToggle />
        </Group>
      </Group>
      <QueueFilters value={filter} onChange={setFilter} />
      <QueryState query={queue}>
        {(data) => {
          const tickets = data.pages.flatMap((page) => page.tickets);
          if (tickets.length === 0) {
            return (
              <Text c="dimmed" data-testid="ticket-queue" py="lg">
                {filtered ? t('agentTickets.queue.empty') : t('agentTickets.queue.emptyActive')}
              </Text>
            );
          }
          return (
            <Stack gap="sm">
              {phone ? <QueueCards tickets={tickets} /> : <QueueTable tickets={tickets} />}
              {queue.isFetchNextPageError && <ErrorAlert error={queue.error} onRetry={() => void queue.fetchNextPage()} />}
              {queue.hasNextPage && (
                <Center>
                  <Button variant="default" loading={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
                    {t('agentTickets.queue.loadMore')}
                  </Button>
                </Center>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

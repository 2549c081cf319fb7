import { AccountWithServices, TicketSummary, type TicketDetail } from '@centrala/contracts';
import { Button, Select, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiGet, apiSend } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { ticketQueryKeys } from './queryKeys';

const AccountList = z.object({ accounts: z.array(AccountWithServices) });

/**
 * Links a ticket no account was known for (an unknown email sender, R11) to the account it turned out to be; once
 * linked, that account's customers see it. Found as the customers page finds them: name, email, order, IP.
 */
export function AccountLink({ ticket, onLinking }: { ticket: TicketDetail; onLinking: (linking: boolean) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 300);
  const [chosen, setChosen] = useState<string | null>(null);
  const accounts = useQuery({
    queryKey: ['agent', 'accounts', 'search', query],
    queryFn: () => apiGet(`/api/agent/accounts?q=${encodeURIComponent(query)}`, AccountList),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  });
  const link = useMutation({
    mutationFn: (accountId: string) =>
      apiSend('PUT', `/api/agent/tickets/${encodeURIComponent(ticket.reference)}/account`, { accountId }, TicketSummary),
    // Told before the answer, which the live update of the ticket can overtake; the panel confirms it once linked.
    onMutate: () => onLinking(true),
    onError: () => onLinking(false),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.detail(ticket.reference) });
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.queues });
    },
  });

  return (
    <Stack gap="xs" mt="xs" data-testid="account-link">
      <Select
        label={t('agentTickets.customer.linkLabel')}
        // Said before the button is pressed: linking shows the conversation to that account's customers, for good.
        description={t('agentTickets.customer.linkHint')}
        placeholder={t('agentTickets.customer.linkPlaceholder')}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        data={(query ? (accounts.data?.accounts ?? []) : []).map((a) => ({ value: a.id, label: `${a.name} — ${a.email}` }))}
        value={chosen}
        onChange={setChosen}
        nothingFoundMessage={query ? t('agentTickets.customer.linkNone') : undefined}
        filter={({ options }) => options}
      />
      {accounts.isError && <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />}
      {link.isError && <ErrorAlert error={link.error} />}
      <Button size="xs" disabled={!chosen} loading={link.isPending} onClick={() => chosen && link.mutate(chosen)}>
        {t('agentTickets.customer.link')}
      </Button>
    </Stack>
  );
}

import { AccountWithServices } from '@centrala/contracts';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiGet } from '../../../api';

const AccountList = z.object({ accounts: z.array(AccountWithServices) });

interface AccountPickerProps {
  value: string | null;
  onChange: (accountId: string | null) => void;
  error?: string | undefined;
  /** What choosing the account does, when not the email form's (mailed to its Support addresses). */
  hint?: string | undefined;
}

/**
 * Chooses a customer's account, found as the customers page finds them: by name, email, order number or IP. Each
 * option shows the name and the registered email, and the order numbers it was found by.
 */
export function AccountPicker({ value, onChange, error, hint }: AccountPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 300);
  const accounts = useQuery({
    queryKey: ['agent', 'accounts', 'search', query],
    queryFn: () => apiGet(`/api/agent/accounts?q=${encodeURIComponent(query)}`, AccountList),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  });
  // The chosen account stays an option while the search text (its label, once chosen) finds other ones or none.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = (query ? (accounts.data?.accounts ?? []) : []).map((a) => ({
    value: a.id,
    label: `${a.name} — ${a.email}${a.services.length ? ` (${a.services.map((s) => `#${s.orderNumber}`).join(', ')})` : ''}`,
  }));
  const options = chosen && value === chosen.value && !found.some((o) => o.value === chosen.value) ? [chosen, ...found] : found;

  return (
    <Select
      label={t('agentTickets.newEmail.account')}
      description={hint ?? t('agentTickets.newEmail.accountHint')}
      placeholder={t('agentTickets.customer.linkPlaceholder')}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      value={value}
      onChange={(id, option) => {
        setChosen(id ? option : null);
        onChange(id);
      }}
      nothingFoundMessage={query ? t('agentTickets.customer.linkNone') : undefined}
      // The server has searched already; the list shows its answer as it is.
      filter={({ options: all }) => all}
      error={error ?? (accounts.isError ? t('agentTickets.newEmail.searchFailed') : undefined)}
      required
      data-testid="new-email-account"
    />
  );
}

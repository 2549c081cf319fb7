import { type DirectoryAccount } from '@centrala/contracts';
import { Anchor, Button, Group, Loader, Pagination, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../../auth/session';
import { QueryState } from '../../../components/QueryState';
import { useAgentTitle } from '../useAgentTitle';
import { AccountModal } from './AccountModal';
import { directoryKeys, fetchAccounts, PAGE_SIZE } from './directoryApi';
import { ResponsiveTable, type Column } from './ResponsiveTable';
import { AccountStatusBadge } from './StatusBadge';

/**
 * The provider's customers (issue 13 point 1): found by name, email, external id, order number or an IP inside a
 * service's range, a page at a time. The search and page live in the address, so Back from a customer returns here.
 * Admins add customers; agents only read, and see no button they could not use.
 */
export function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isAdmin = useCurrentUser().role === 'admin';
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [query] = useDebouncedValue(search.trim(), 300);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [adding, { open, close }] = useDisclosure(false);
  useAgentTitle(t('directory.list.title'));

  useEffect(() => {
    if (query === (params.get('q') ?? '')) return;
    // A new search starts at its first page.
    setParams(query ? { q: query } : {}, { replace: true });
  }, [query, params, setParams]);

  const accounts = useQuery({
    queryKey: directoryKeys.accounts(query, (page - 1) * PAGE_SIZE),
    queryFn: () => fetchAccounts(query, (page - 1) * PAGE_SIZE),
    // Keep the previous results on screen while the next search runs, instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });

  const columns: Column<DirectoryAccount>[] = [
    {
      header: t('directory.list.customer'),
      cell: (account) => (
        <Group gap="xs">
          <Anchor component={Link} to={`/agent/customers/${account.id}`} fw={600} size="sm">
            {account.name}
          </Anchor>
          {account.disabledAt && <AccountStatusBadge disabled />}
        </Group>
      ),
    },
    { header: t('directory.list.email'), cell: (account) => account.email },
    {
      header: t('directory.list.externalId'),
      cell: (account) => (
        <Text span ff="monospace" size="sm">
          {account.externalId ?? '—'}
        </Text>
      ),
    },
    { header: t('directory.list.contacts'), cell: (account) => account.counts.contacts, align: 'right' },
    { header: t('directory.list.services'), cell: (account) => account.counts.services, align: 'right' },
    { header: t('directory.list.tickets'), cell: (account) => account.counts.tickets, align: 'right' },
  ];

  const goToPage = (next: number) => setParams({ ...(query ? { q: query } : {}), ...(next > 1 ? { page: String(next) } : {}) });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('directory.list.title')}
        </Title>
        {isAdmin && (
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            {t('directory.list.add')}
          </Button>
        )}
      </Group>
      <TextInput
        label={t('directory.list.search')}
        description={t('directory.list.searchHint')}
        type="search"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        leftSection={<IconSearch size={16} />}
        rightSection={accounts.isFetching ? <Loader size="xs" /> : null}
        maw={480}
        autoFocus
      />
      <QueryState query={accounts}>
        {({ items, total }) => (
          <Stack gap="sm">
            {total > 0 && (
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="customer-total">
                {t('directory.list.total', { count: total })}
              </Text>
            )}
            <ResponsiveTable
              rows={items}
              columns={columns}
              rowKey={(account) => account.id}
              rowTestId="customer-row"
              minWidth={760}
              empty={query ? t('directory.list.noResults') : t('directory.list.empty')}
            />
            {/* Also past the last page (an old bookmark), so there is always a way back. */}
            {total > PAGE_SIZE && (
              <Pagination
                total={Math.ceil(total / PAGE_SIZE)}
                value={page}
                onChange={goToPage}
                aria-label={t('directory.list.pages')}
                getControlProps={(control) => ({ 'aria-label': t(`directory.list.pageControls.${control}`) })}
                getItemProps={(item) => ({ 'aria-label': t('directory.list.pageNumber', { page: item }) })}
              />
            )}
          </Stack>
        )}
      </QueryState>
      {isAdmin && <AccountModal opened={adding} account={null} onClose={close} onCreated={(id) => navigate(`/agent/customers/${id}`)} />}
    </Stack>
  );
}

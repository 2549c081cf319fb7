import { AccountWithServices } from '@centrala/contracts';
import { Badge, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, unwrap } from '../../api';
import { QueryState } from '../../components/QueryState';
import { useAgentTitle } from './useAgentTitle';

export function CustomersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 300);
  useAgentTitle(t('agent.title'));

  const accounts = useQuery({
    queryKey: ['agent', 'accounts', query],
    queryFn: () => apiGet(`/api/agent/accounts?${new URLSearchParams({ q: query })}`, unwrap('accounts', AccountWithServices.array())),
    // Keep the previous results on screen while the next search runs, instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('agent.title')}
      </Title>
      <TextInput
        label={t('agent.search')}
        type="search"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        leftSection={<IconSearch size={16} />}
        rightSection={accounts.isFetching ? <Loader size="xs" /> : null}
        maw={480}
        autoFocus
      />
      <QueryState query={accounts}>
        {(results) =>
          results.length === 0 ? (
            <Text c="dimmed">{t('agent.noResults')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" highlightOnHover withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('agent.account')}</Table.Th>
                    <Table.Th>{t('agent.email')}</Table.Th>
                    <Table.Th ta="right">{t('agent.serviceCount')}</Table.Th>
                    <Table.Th>{t('agent.services')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {results.map((account) => (
                    <Table.Tr key={account.id} data-testid="customer-row">
                      <Table.Td fw={600}>{account.name}</Table.Td>
                      <Table.Td>{account.email}</Table.Td>
                      <Table.Td ta="right">{account.services.length}</Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          {account.services.map((service) => (
                            <Badge key={service.id} variant="light" color="gray" tt="none" fw={500}>
                              {service.name}{' '}
                              <Text span ff="monospace" inherit c="dimmed">
                                #{service.orderNumber}
                              </Text>
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}

import { AccountWithServices, type Service } from '@centrala/contracts';
import { Card, Group, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconServerOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api';
import { QueryState } from '../../components/QueryState';
import { ServiceStatusBadge } from './ServiceStatusBadge';

export function ServicesPage() {
  const { t } = useTranslation();
  const account = useQuery({
    queryKey: ['client', 'account'],
    queryFn: () => apiGet('/api/client/account', AccountWithServices),
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('services.title')}
      </Title>
      <QueryState query={account}>
        {({ services }) => (services.length === 0 ? <NoServices /> : <ServiceList services={services} />)}
      </QueryState>
    </Stack>
  );
}

function NoServices() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="xl">
      <Stack align="center" gap="xs" ta="center">
        <ThemeIcon size={48} radius="xl" variant="light" color="gray" aria-hidden>
          <IconServerOff size={26} />
        </ThemeIcon>
        <Text fw={600}>{t('services.empty')}</Text>
        <Text size="sm" c="dimmed">
          {t('services.emptyHint')}
        </Text>
      </Stack>
    </Card>
  );
}

function IpAddresses({ addresses }: { addresses: string[] }) {
  const { t } = useTranslation();
  if (addresses.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('services.noIpAddresses')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {addresses.map((address) => (
        <Text key={address} size="sm" ff="monospace">
          {address}
        </Text>
      ))}
    </Stack>
  );
}

/** A table on wide screens, cards on phones; only one is rendered so test ids stay unique. */
function ServiceList({ services }: { services: Service[] }) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });

  if (!wide) {
    return (
      <SimpleGrid cols={1} spacing="sm" data-testid="services-table">
        {services.map((service) => (
          <Card key={service.id} withBorder data-testid="service-row" component="article" aria-label={service.name}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
              <div>
                <Text fw={600}>{service.name}</Text>
                <Text size="sm" c="dimmed" ff="monospace">
                  #{service.orderNumber}
                </Text>
              </div>
              <ServiceStatusBadge status={service.status} />
            </Group>
            <Text size="sm">
              {service.product} · {service.location}
            </Text>
            <Text size="xs" c="dimmed" mt="xs">
              {t('services.ipAddresses')}
            </Text>
            <IpAddresses addresses={service.ipAddresses} />
          </Card>
        ))}
      </SimpleGrid>
    );
  }

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table data-testid="services-table" verticalSpacing="sm" highlightOnHover withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('services.name')}</Table.Th>
            <Table.Th>{t('services.orderNumber')}</Table.Th>
            <Table.Th>{t('services.product')}</Table.Th>
            <Table.Th>{t('services.location')}</Table.Th>
            <Table.Th>{t('services.status')}</Table.Th>
            <Table.Th>{t('services.ipAddresses')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {services.map((service) => (
            <Table.Tr key={service.id} data-testid="service-row">
              <Table.Td fw={600}>{service.name}</Table.Td>
              <Table.Td ff="monospace">#{service.orderNumber}</Table.Td>
              <Table.Td>{service.product}</Table.Td>
              <Table.Td>{service.location}</Table.Td>
              <Table.Td>
                <ServiceStatusBadge status={service.status} />
              </Table.Td>
              <Table.Td>
                <IpAddresses addresses={service.ipAddresses} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

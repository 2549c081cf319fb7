import { type ServiceRecord } from '@centrala/contracts';
import { ActionIcon, Button, Code, Group, Paper, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { ServiceStatusBadge } from '../../client/ServiceStatusBadge';
import { directoryKeys, fetchServices } from './directoryApi';
import { ResponsiveTable, type Column } from './ResponsiveTable';
import { ServiceModal } from './ServiceModal';

/** A customer's services as the client area shows them, with the addresses and ranges agents match tickets by. */
export function ServicesSection({ accountId, isAdmin }: { accountId: string; isAdmin: boolean }) {
  const { t } = useTranslation();
  const services = useQuery({ queryKey: directoryKeys.services(accountId), queryFn: () => fetchServices(accountId) });
  // The dialog's service: null adds a new one, undefined is closed.
  const [editing, setEditing] = useState<ServiceRecord | null | undefined>(undefined);

  const columns: Column<ServiceRecord>[] = [
    {
      header: t('directory.services.name'),
      cell: (service) => (
        <>
          <Text size="sm" fw={600}>
            {service.name}
          </Text>
          {service.externalId && (
            <Text size="xs" c="dimmed" ff="monospace">
              {service.externalId}
            </Text>
          )}
        </>
      ),
    },
    {
      header: t('directory.services.orderNumber'),
      cell: (service) => (
        <Text span ff="monospace" size="sm">
          #{service.orderNumber}
        </Text>
      ),
    },
    { header: t('directory.services.product'), cell: (service) => service.product },
    { header: t('directory.services.location'), cell: (service) => service.location },
    { header: t('directory.services.status'), cell: (service) => <ServiceStatusBadge status={service.status} /> },
    {
      header: t('directory.services.ipAddresses'),
      cell: (service) =>
        service.ipAddresses.length === 0 ? (
          <Text span size="sm" c="dimmed">
            {t('directory.services.none')}
          </Text>
        ) : (
          <Group gap={4} component="span">
            {service.ipAddresses.map((ip) => (
              <Code key={ip} fz="xs">
                {ip}
              </Code>
            ))}
          </Group>
        ),
    },
    ...(isAdmin
      ? [
          {
            header: t('directory.contacts.actions'),
            cell: (service: ServiceRecord) => (
              <Tooltip label={t('directory.services.editFor', { name: service.name })} withArrow>
                <ActionIcon
                  variant="default"
                  aria-label={t('directory.services.editFor', { name: service.name })}
                  onClick={() => setEditing(service)}
                >
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
            ),
          },
        ]
      : []),
  ];

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="customer-services" data-testid="customer-services">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="customer-services">
          {t('directory.services.title')}
        </Title>
        {isAdmin && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
            {t('directory.services.add')}
          </Button>
        )}
      </Group>
      <QueryState query={services}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('directory.services.empty')}
            </Text>
          ) : (
            <ResponsiveTable
              rows={items}
              columns={columns}
              rowKey={(service) => service.id}
              rowTestId="service-row"
              minWidth={isAdmin ? 860 : 780}
            />
          )
        }
      </QueryState>
      {isAdmin && (
        <ServiceModal
          opened={editing !== undefined}
          accountId={accountId}
          service={editing ?? null}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Paper>
  );
}

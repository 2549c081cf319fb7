import { type ServiceRecord } from '@centrala/contracts';
import { ActionIcon, Button, Code, Group, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { ServiceStatusBadge } from '../../client/ServiceStatusBadge';
import { directoryKeys, fetchServices } from './directoryApi';
import { ServiceModal } from './ServiceModal';

/** A customer's services as the client area shows them, with the addresses and ranges agents match tickets by. */
export function ServicesSection({ accountId, isAdmin }: { accountId: string; isAdmin: boolean }) {
  const { t } = useTranslation();
  const services = useQuery({ queryKey: directoryKeys.services(accountId), queryFn: () => fetchServices(accountId) });
  // The dialog's service: null adds a new one, undefined is closed.
  const [editing, setEditing] = useState<ServiceRecord | null | undefined>(undefined);

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
            <Table.ScrollContainer minWidth={isAdmin ? 860 : 780}>
              <Table verticalSpacing="xs" withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('directory.services.name')}</Table.Th>
                    <Table.Th>{t('directory.services.orderNumber')}</Table.Th>
                    <Table.Th>{t('directory.services.product')}</Table.Th>
                    <Table.Th>{t('directory.services.location')}</Table.Th>
                    <Table.Th>{t('directory.services.status')}</Table.Th>
                    <Table.Th>{t('directory.services.ipAddresses')}</Table.Th>
                    {isAdmin && <Table.Th>{t('directory.contacts.actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((service) => (
                    <Table.Tr key={service.id} data-testid="service-row">
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {service.name}
                        </Text>
                        {service.externalId && (
                          <Text size="xs" c="dimmed" ff="monospace">
                            {service.externalId}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ff="monospace">#{service.orderNumber}</Table.Td>
                      <Table.Td>{service.product}</Table.Td>
                      <Table.Td>{service.location}</Table.Td>
                      <Table.Td>
                        <ServiceStatusBadge status={service.status} />
                      </Table.Td>
                      <Table.Td>
                        {service.ipAddresses.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {t('directory.services.none')}
                          </Text>
                        ) : (
                          <Group gap={4}>
                            {service.ipAddresses.map((ip) => (
                              <Code key={ip} fz="xs">
                                {ip}
                              </Code>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                      {isAdmin && (
                        <Table.Td>
                          <Tooltip label={t('directory.services.editFor', { name: service.name })} withArrow>
                            <ActionIcon
                              variant="default"
                              aria-label={t('directory.services.editFor', { name: service.name })}
                              onClick={() => setEditing(service)}
                            >
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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

import { type ServiceRecord } from '@centrala/contracts';
import { ActionIcon, Code, Group, Text, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { ServiceStatusBadge } from '../../client/ServiceStatusBadge';
import { directoryKeys, fetchServices } from './directoryApi';
import { ResponsiveTable, type Column } from './ResponsiveTable';
import { Section } from './Section';
import { DirectoryModal } from './DirectoryForm';
import { ServiceForm } from './ServiceForm';

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
    <Section
      name="services"
      title={t('directory.services.title')}
      add={isAdmin ? { label: t('directory.services.add'), onClick: () => setEditing(null) } : null}
    >
      <QueryState query={services}>
        {({ items }) => (
          <ResponsiveTable
            rows={items}
            columns={columns}
            rowKey={(service) => service.id}
            rowTestId="service-row"
            minWidth={isAdmin ? 860 : 780}
            empty={t('directory.services.empty')}
          />
        )}
      </QueryState>
      {isAdmin && (
        <DirectoryModal
          opened={editing !== undefined}
          title={editing ? t('directory.services.editTitle') : t('directory.services.newTitle')}
          onClose={() => setEditing(undefined)}
        >
          <ServiceForm accountId={accountId} service={editing ?? null} onDone={() => setEditing(undefined)} />
        </DirectoryModal>
      )}
    </Section>
  );
}

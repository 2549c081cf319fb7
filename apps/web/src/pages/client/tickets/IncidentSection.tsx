import type { Service } from '@centrala/contracts';
import { Fieldset, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconAlertOctagon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NewTicketValues } from './newTicketForm';
import { TimeZoneSelect } from './TimeZoneSelect';

interface IncidentSectionProps {
  form: UseFormReturnType<NewTicketValues>;
  service: Service | null;
}

/** R5: the details a critical incident needs, as separate fields; the free text may carry them too. */
export function IncidentSection({ form, service }: IncidentSectionProps) {
  const { t } = useTranslation();
  return (
    <Fieldset
      data-testid="incident-section"
      legend={
        <Text component="span" fw={600} c="red.7" style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <IconAlertOctagon size={18} aria-hidden />
          {t('clientTickets.incident.title')}
        </Text>
      }
      radius="md"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('clientTickets.incident.intro')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('clientTickets.incident.ipOrOrder')}
            description={t('clientTickets.incident.ipOrOrderHint')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps('incident.ipOrOrder')}
          />
          <TextInput
            label={t('clientTickets.incident.serviceName')}
            description={t('clientTickets.incident.serviceNameHint')}
            placeholder={t('clientTickets.incident.serviceNamePlaceholder')}
            value={service?.name ?? ''}
            readOnly
            variant="filled"
            data-testid="incident-service-name"
          />
          <TextInput
            type="datetime-local"
            label={t('clientTickets.incident.startedAt')}
            description={t('clientTickets.incident.startedAtHint')}
            {...form.getInputProps('incident.startedAtLocal')}
          />
          <TimeZoneSelect
            label={t('clientTickets.incident.zone')}
            description={t('clientTickets.incident.zoneHint')}
            {...form.getInputProps('incident.startedAtZone')}
          />
        </SimpleGrid>
        <Textarea
          label={t('clientTickets.incident.diagnostics')}
          description={t('clientTickets.incident.diagnosticsHint')}
          autosize
          minRows={3}
          maxRows={16}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
          {...form.getInputProps('incident.diagnostics')}
        />
      </Stack>
    </Fieldset>
  );
}

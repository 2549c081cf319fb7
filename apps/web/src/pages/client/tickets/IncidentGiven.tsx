import type { IncidentDetails } from '@centrala/contracts';
import { Code, Collapse, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { formatInZone } from '../../../tickets/format';

/**
 * R5 from the customer's side (issue 10 point 2): the incident details they gave, as support received them (their
 * fields and what was read from their text). Only what is there: a detail not given is simply not listed, and a ticket
 * without any shows nothing. The service is left out when it is the one the header names already.
 */
export function IncidentGiven({ incident, ticketService }: { incident: IncidentDetails; ticketService: string | null }) {
  const { t } = useTranslation();
  const service = incident.serviceName && incident.serviceName !== ticketService ? incident.serviceName : null;
  const fields: ReactNode[] = [];
  if (incident.ipAddresses.length > 0)
    fields.push(
      <Field key="ip" label={t('clientTickets.given.ipAddresses')}>
        <Codes values={incident.ipAddresses} />
      </Field>,
    );
  if (incident.orderNumbers.length > 0)
    fields.push(
      <Field key="order" label={t('clientTickets.given.orderNumbers')}>
        <Codes values={incident.orderNumbers.map((order) => `#${order.replace(/^#/, '')}`)} />
      </Field>,
    );
  if (service)
    fields.push(
      <Field key="service" label={t('clientTickets.given.service')}>
        <Text size="sm">{service}</Text>
      </Field>,
    );
  if (incident.startedAt)
    fields.push(
      <Field key="start" label={t('clientTickets.given.startedAt')}>
        <StartedAt startedAt={incident.startedAt} />
      </Field>,
    );
  if (fields.length === 0 && !incident.diagnostics) return null;

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="incident-given-title" data-testid="incident-given">
      <Title order={2} size="h5" mb="xs" id="incident-given-title">
        {t('clientTickets.given.title')}
      </Title>
      <Stack gap="sm">
        {fields.length > 0 && (
          <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm">
            {fields}
          </SimpleGrid>
        )}
        {incident.diagnostics && <Diagnostics text={incident.diagnostics} />}
      </Stack>
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} data-testid="incident-given-field">
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function Codes({ values }: { values: string[] }) {
  return (
    <Group gap={4}>
      {values.map((value) => (
        <Code key={value} fz="sm">
          {value}
        </Code>
      ))}
    </Group>
  );
}

/** In the zone the customer meant (or the one assumed for them, said so), as they would write it themselves. */
function StartedAt({ startedAt }: { startedAt: NonNullable<IncidentDetails['startedAt']> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  // A zone read from the text may be an offset ("14:30 CET" gives +01:00): said as UTC+01:00, as it is elsewhere.
  const zone = /^[+-]/.test(startedAt.zone) ? `UTC${startedAt.zone}` : startedAt.zone;
  return (
    <Text size="sm">
      <time dateTime={startedAt.utc}>{formatInZone(startedAt.utc, startedAt.zone, locale, { zoneName: false })}</time>{' '}
      <Text span size="xs" c="dimmed">
        ({startedAt.zoneStated ? zone : t('clientTickets.given.assumedZone', { zone })})
      </Text>
    </Text>
  );
}

/** Diagnostics can be long (logs, traceroutes): folded, as on the agent's side. */
function Diagnostics({ text }: { text: string }) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  const panelId = useId();
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" fw={500}>
        {t('clientTickets.given.diagnostics')}
      </Text>
      <UnstyledButton onClick={toggle} aria-expanded={opened} aria-controls={panelId} fz="sm" c="blue.8" w="fit-content">
        <Group gap={4} component="span">
          {opened ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
          {opened ? t('clientTickets.given.hideDiagnostics') : t('clientTickets.given.showDiagnostics')}
        </Group>
      </UnstyledButton>
      <Collapse expanded={opened} id={panelId}>
        <Code
          block
          mah={300}
          style={{ overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="incident-given-diagnostics"
        >
          {text}
        </Code>
      </Collapse>
    </Stack>
  );
}

import type { IncidentDetails, MissingDetail } from '@centrala/contracts';
import { Alert, Badge, Code, Collapse, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { formatInZone } from '../../../tickets/format';
import { incidentFieldsToShow } from './incidentFields';

function Field({ label, missing, children }: { label: string; missing?: boolean; children: ReactNode }) {
  return (
    <Stack gap={2} data-missing={missing || undefined}>
      <Text size="xs" c={missing ? 'orange.8' : 'dimmed'} fw={missing ? 700 : 500} tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function NotGiven({ missing }: { missing: boolean }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c={missing ? 'orange.8' : 'dimmed'} fw={missing ? 600 : 400}>
      {t('agentTickets.incident.notGiven')}
    </Text>
  );
}

/**
 * R5: what the customer told us about the incident, as extracted from the ticket: only what was given, and the gaps
 * a High ticket must fill (in orange); one line when there is nothing.
 */
export function IncidentPanel({ incident }: { incident: IncidentDetails }) {
  const { t } = useTranslation();
  const isMissing = (detail: MissingDetail) => incident.missing.includes(detail);
  const shown = incidentFieldsToShow(incident);

  return (
    <Paper withBorder p="sm" radius="md" data-testid="incident-details">
      <Title order={2} size="h5" mb="xs">
        {t('agentTickets.incident.title')}
      </Title>
      <Stack gap="sm">
        {incident.missing.length > 0 && (
          <Alert color="orange" p="xs" icon={<IconAlertTriangle size={16} />} data-testid="incident-missing">
            {t('agentTickets.incident.missing', {
              items: incident.missing.map((detail) => t(`agentTickets.incident.missingItems.${detail}`)).join(', '),
            })}
          </Alert>
        )}
        {shown.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="incident-none-given">
            {t('agentTickets.incident.noneGiven')}
          </Text>
        )}
        {shown.includes('ipAddresses') && (
          <Field label={t('agentTickets.incident.ipAddresses')} missing={isMissing('ip_or_order')}>
            {incident.ipAddresses.length > 0 ? (
              <Group gap={4}>
                {incident.ipAddresses.map((ip) => (
                  <Code key={ip}>{ip}</Code>
                ))}
              </Group>
            ) : (
              <NotGiven missing={isMissing('ip_or_order')} />
            )}
          </Field>
        )}
        {shown.includes('orderNumbers') && (
          <Field label={t('agentTickets.incident.orderNumbers')} missing={isMissing('ip_or_order')}>
            {incident.orderNumbers.length > 0 ? (
              <Group gap={4}>
                {incident.orderNumbers.map((order) => (
                  <Code key={order}>#{order.replace(/^#/, '')}</Code>
                ))}
              </Group>
            ) : (
              <NotGiven missing={isMissing('ip_or_order')} />
            )}
          </Field>
        )}
        {shown.includes('service') && (
          <Field label={t('agentTickets.incident.service')} missing={isMissing('service')}>
            {incident.serviceName ? <Text size="sm">{incident.serviceName}</Text> : <NotGiven missing={isMissing('service')} />}
          </Field>
        )}
        {shown.includes('startedAt') && (
          <Field label={t('agentTickets.incident.startedAt')} missing={isMissing('start_time')}>
            {incident.startedAt ? <StartedAt startedAt={incident.startedAt} /> : <NotGiven missing={isMissing('start_time')} />}
          </Field>
        )}
        {shown.includes('diagnostics') && (
          <Field label={t('agentTickets.incident.diagnostics')} missing={isMissing('diagnostics')}>
            <Diagnostics incident={incident} missing={isMissing('diagnostics')} />
          </Field>
        )}
      </Stack>
    </Paper>
  );
}

/** The start in the agent's own zone and in UTC, plus what zone the customer meant (or that it was assumed). */
function StartedAt({ startedAt }: { startedAt: NonNullable<IncidentDetails['startedAt']> }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const locale = useLocale();
  const inStatedZone = formatInZone(startedAt.utc, startedAt.zone, locale, { zoneName: false });
  return (
    <Stack gap={0}>
      <Text size="sm">
        <time dateTime={startedAt.utc}>{formatDateTime(startedAt.utc)}</time>{' '}
        <Text span size="xs" c="dimmed">
          ({t('agentTickets.incident.yourZone')})
        </Text>
      </Text>
      <Text size="sm" ff="monospace">
        {formatInZone(startedAt.utc, 'UTC', locale, { zoneName: false })} {t('agentTickets.incident.utc')}
      </Text>
      <Text size="xs" c={startedAt.zoneStated ? 'dimmed' : 'orange.8'} data-testid="incident-zone" data-zone-stated={startedAt.zoneStated}>
        {startedAt.zoneStated
          ? t('agentTickets.incident.statedZone', { zone: startedAt.zone })
          : t('agentTickets.incident.assumedZone', { zone: startedAt.zone })}
        {inStatedZone && ` · ${inStatedZone}`}
      </Text>
    </Stack>
  );
}

function Diagnostics({ incident, missing }: { incident: IncidentDetails; missing: boolean }) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  if (!incident.hasDiagnostics) {
    return (
      <Text size="sm" c={missing ? 'orange.8' : 'dimmed'} fw={missing ? 600 : 400}>
        {t('agentTickets.incident.diagnosticsAbsent')}
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Badge color="green" variant="light" size="sm" w="fit-content">
        {t('agentTickets.incident.diagnosticsPresent')}
      </Badge>
      {incident.diagnostics && (
        <>
          <UnstyledButton onClick={toggle} aria-expanded={opened} fz="sm" c="blue.7">
            <Group gap={4} component="span">
              {opened ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
              {t('agentTickets.incident.showDiagnostics')}
            </Group>
          </UnstyledButton>
          <Collapse expanded={opened}>
            <Code block mah={300} style={{ overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {incident.diagnostics}
            </Code>
          </Collapse>
        </>
      )}
    </Stack>
  );
}

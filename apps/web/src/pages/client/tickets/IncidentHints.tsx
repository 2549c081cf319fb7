import type { MissingDetail } from '@centrala/incident';
import { Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { formatInZone } from '../../../tickets/format';
import { DEFAULT_ZONE } from './TimeZoneSelect';
import type { IncidentHintsResult } from './useIncidentHints';

/** R5 checklist for a critical incident: what the text and fields already give us, and how to add the rest. */
export function IncidentHints({ hints }: { hints: IncidentHintsResult }) {
  const { t } = useTranslation();
  const isMissing = (detail: MissingDetail) => hints.missing.includes(detail);

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      bg="var(--mantine-color-gray-0)"
      data-testid="incident-hints"
      component="section"
      aria-labelledby="incident-hints-title"
    >
      <Stack gap="sm">
        <div>
          <Title order={2} size="h5" id="incident-hints-title">
            {t('clientTickets.hints.title')}
          </Title>
          <Text size="xs" c="dimmed">
            {hints.missing.length === 0 ? t('clientTickets.hints.allFound') : t('clientTickets.hints.subtitle')}
          </Text>
        </div>
        <HintItem
          detail="ip_or_order"
          label={t('clientTickets.hints.ipOrOrder')}
          missing={isMissing('ip_or_order')}
          fix={t('clientTickets.hints.fixIpOrOrder')}
        >
          <IpOrOrderDetails hints={hints} />
        </HintItem>
        <HintItem
          detail="service"
          label={t('clientTickets.hints.service')}
          missing={isMissing('service')}
          fix={t('clientTickets.hints.fixService')}
        >
          <ServiceDetails hints={hints} />
        </HintItem>
        <HintItem
          detail="start_time"
          label={t('clientTickets.hints.startTime')}
          missing={isMissing('start_time')}
          fix={
            hints.startProblem ? t(`clientTickets.hints.fixStartTimeProblem.${hints.startProblem}`) : t('clientTickets.hints.fixStartTime')
          }
        >
          <StartDetails hints={hints} />
        </HintItem>
        <HintItem
          detail="diagnostics"
          label={t('clientTickets.hints.diagnostics')}
          missing={isMissing('diagnostics')}
          fix={t('clientTickets.hints.fixDiagnostics')}
        >
          <DiagnosticsDetails hints={hints} />
        </HintItem>
      </Stack>
    </Paper>
  );
}

interface HintItemProps {
  detail: MissingDetail;
  label: string;
  missing: boolean;
  fix: string;
  children: ReactNode;
}

function HintItem({ detail, label, missing, fix, children }: HintItemProps) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" align="flex-start" wrap="nowrap" data-testid={`hint-${detail}`} data-state={missing ? 'missing' : 'found'}>
      <ThemeIcon size={24} radius="xl" variant="light" color={missing ? 'orange' : 'green'}>
        {missing ? (
          <IconAlertTriangle size={16} aria-label={t('clientTickets.hints.missing')} />
        ) : (
          <IconCircleCheck size={16} aria-label={t('clientTickets.hints.found')} />
        )}
      </ThemeIcon>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        {missing ? (
          <Text size="sm" c="orange.9">
            {fix}
          </Text>
        ) : (
          <Stack gap={0}>{children}</Stack>
        )}
      </div>
    </Group>
  );
}

function Detail({ children, mono = false, warn = false }: { children: ReactNode; mono?: boolean; warn?: boolean }) {
  return (
    <Text size="sm" c={warn ? 'orange.9' : 'dimmed'} ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

function IpOrOrderDetails({ hints }: { hints: IncidentHintsResult }) {
  const { t } = useTranslation();
  const { ipAddresses, orderNumbers, unknownIpAddresses, unknownOrderNumbers } = hints.extraction;
  const unknown = [...unknownIpAddresses, ...unknownOrderNumbers.map((n) => `#${n}`)];
  return (
    <>
      {ipAddresses.length > 0 && <Detail mono>{t('clientTickets.hints.foundIps', { list: ipAddresses.join(', ') })}</Detail>}
      {orderNumbers.length > 0 && (
        <Detail mono>{t('clientTickets.hints.foundOrders', { list: orderNumbers.map((n) => `#${n}`).join(', ') })}</Detail>
      )}
      {ipAddresses.length === 0 && orderNumbers.length === 0 && hints.service && (
        <Detail>
          {t('clientTickets.hints.fromService')}: #{hints.service.orderNumber}
          {hints.service.ipAddresses.length > 0 && `, ${hints.service.ipAddresses.join(', ')}`}
        </Detail>
      )}
      {unknown.length > 0 && <Detail warn>{t('clientTickets.hints.notYours', { list: unknown.join(', ') })}</Detail>}
    </>
  );
}

function ServiceDetails({ hints }: { hints: IncidentHintsResult }) {
  const { t } = useTranslation();
  const matched = hints.extraction.services.filter((s) => s.id !== hints.service?.id);
  return (
    <>
      {hints.service && <Detail>{t('clientTickets.hints.chosenService', { name: hints.service.name })}</Detail>}
      {matched.map((service) => (
        <Detail key={service.id}>
          {service.name} ({t(`clientTickets.hints.matchedBy.${service.matchedBy}`)})
        </Detail>
      ))}
    </>
  );
}

function StartDetails({ hints }: { hints: IncidentHintsResult }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { start } = hints;
  if (!start) return null;
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <>
      <Detail>{t('clientTickets.hints.startYourTime', { time: formatInZone(start.at, viewerZone, locale) ?? '' })}</Detail>
      {start.zone !== viewerZone && (
        <Detail>
          {t('clientTickets.hints.startStatedTime', {
            time: formatInZone(start.at, start.zone, locale) ?? '',
            // A fixed offset is already spelled out by the time itself ("UTC+02:00").
            zone: /^[+-]\d{2}:\d{2}$/.test(start.zone) ? '' : `(${start.zone})`,
          })}
        </Detail>
      )}
      <Detail>
        {start.origin === 'field' ? t('clientTickets.hints.fromField') : t('clientTickets.hints.fromText', { source: start.source ?? '' })}
      </Detail>
      {!start.zoneStated && <Detail warn>{t('clientTickets.hints.zoneAssumed', { zone: `${DEFAULT_ZONE} (CET/CEST)` })}</Detail>}
    </>
  );
}

function DiagnosticsDetails({ hints }: { hints: IncidentHintsResult }) {
  const { t } = useTranslation();
  return (
    <>
      {hints.extraction.hasDiagnostics && <Detail>{t('clientTickets.hints.diagnosticsText')}</Detail>}
      {hints.attachmentCount > 0 && <Detail>{t('clientTickets.hints.diagnosticsFiles', { count: hints.attachmentCount })}</Detail>}
    </>
  );
}

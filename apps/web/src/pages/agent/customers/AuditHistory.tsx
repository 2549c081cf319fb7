import { ContactRole, ServiceStatus, type AuditEntry, type Service } from '@centrala/contracts';
import { Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/QueryState';
import { useFormatDateTime } from '../../../i18n';
import { directoryEn } from '../../../i18n/directory.en';
import { fieldChanges } from './auditChanges';
import { directoryKeys, fetchAudit } from './directoryApi';
import { Section } from './Section';

/** The customer's audit log (issue 13 point 1): who changed what and when, each field's value before and after. */
export function AuditHistory({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const audit = useInfiniteQuery({
    queryKey: directoryKeys.audit(accountId),
    queryFn: ({ pageParam }) => fetchAudit(accountId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <Section name="history" title={t('directory.audit.title')}>
      <Text size="sm" c="dimmed" mt={-8} mb="sm">
        {t('directory.audit.intro')}
      </Text>
      {audit.isError && <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.isSuccess && entries.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('directory.audit.empty')}
        </Text>
      )}
      <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {entries.map((entry) => (
          <AuditItem key={entry.id} entry={entry} />
        ))}
      </Stack>
      {audit.hasNextPage && (
        <Button variant="default" size="xs" mt="sm" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
          {t('directory.audit.more')}
        </Button>
      )}
    </Section>
  );
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const name = nameOf(entry.after) ?? nameOf(entry.before);
  const changes = fieldChanges(entry.before, entry.after);
  const show = (value: unknown, field: string) => describeValue(value, field, t, formatDateTime);

  return (
    <li data-testid="audit-entry" data-action={entry.action} data-entity={entry.entity}>
      <Stack gap={4} pl="sm" style={{ borderLeft: '3px solid var(--mantine-color-gray-3)' }}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {t(name ? 'directory.audit.headingNamed' : 'directory.audit.heading', {
              action: t(`directory.audit.actions.${entry.action}`),
              entity: t(`directory.audit.entities.${entry.entity}`),
              name,
            })}
          </Text>
          <Text size="xs" c="dimmed">
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> ·{' '}
            {t(`directory.audit.actors.${entry.actor.kind}`, { label: entry.actor.label })}
          </Text>
        </Group>
        {changes.length > 0 && (
          <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {changes.map((change) => (
              <Text key={change.field} component="li" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="audit-change">
                <Text span fw={500}>
                  {fieldLabel(change.field, entry.entity, t)}:
                </Text>{' '}
                {entry.action !== 'create' && (
                  <>
                    <VisuallyHidden>{t('directory.audit.before')}</VisuallyHidden>
                    <Text span c="dimmed" td="line-through">
                      {show(change.before, change.field)}
                    </Text>{' '}
                    <span aria-hidden>→</span>
                    <VisuallyHidden>{t('directory.audit.after')}</VisuallyHidden>{' '}
                  </>
                )}
                <Text span>{show(change.after, change.field)}</Text>
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </li>
  );
}

function nameOf(snapshot: AuditEntry['before']): string | null {
  const name = snapshot?.name;
  return typeof name === 'string' ? name : null;
}

function fieldLabel(field: string, entity: AuditEntry['entity'], t: TFunction): string {
  // A person has a name ("Ime"), a customer or service a title ("Naziv"): the words differ in Croatian.
  if (field === 'name' && entity === 'contact') return t('directory.contacts.name');
  return field in directoryEn.audit.fields ? t(`directory.audit.fields.${field as keyof typeof directoryEn.audit.fields}`) : field;
}

/** A stored value in words: yes/no, the named role, status or language, a time in the reader's format, lists joined. */
function describeValue(value: unknown, field: string, t: TFunction, formatDateTime: (iso: string) => string): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return t('directory.audit.empty_value');
  if (typeof value === 'boolean') return value ? t('directory.audit.yes') : t('directory.audit.no');
  if (Array.isArray(value)) return value.map((item) => describeValue(item, field, t, formatDateTime)).join(', ');
  if (typeof value !== 'string') return JSON.stringify(value);
  if (field === 'roles' && ContactRole.safeParse(value).success) return t(`directory.contacts.roleNames.${value as ContactRole}`);
  if (field === 'status' && ServiceStatus.safeParse(value).success) return t(`services.statuses.${value as Service['status']}`);
  if (field === 'locale' && (value === 'hr' || value === 'en')) return t(`directory.contacts.languages.${value}`);
  if (field.endsWith('At') && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
  if (field === 'orderNumber') return `#${value}`;
  return value;
}

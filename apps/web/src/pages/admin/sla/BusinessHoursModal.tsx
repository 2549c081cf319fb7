import { SlaPolicy, WEEKDAYS, type BusinessHours, type Weekday } from '@centrala/contracts';
import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend, isApiError } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { useLocale, useLocalize } from '../../../i18n';
import { slaQueryKeys } from './queryKeys';

const DEFAULT_ZONE = 'Europe/Zagreb';
/** What "business hours" start from when a policy has none: an office week. */
const OFFICE_WEEK: Record<Weekday, DayState> = Object.fromEntries(
  WEEKDAYS.map((d) => [d, { open: Number(d) <= 5, opens: '08:00', closes: '16:00' }]),
) as Record<Weekday, DayState>;

interface DayState {
  open: boolean;
  opens: string;
  /** As the time input shows it: "00:00" closes at midnight ("24:00" in the policy). */
  closes: string;
}

/** Day names in the viewer's language, Monday first (2026-11-23 is a Monday). */
export function useWeekdayNames(style: 'short' | 'long'): Record<Weekday, string> {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale === 'hr' ? 'hr-HR' : 'en-GB', { weekday: style, timeZone: 'UTC' });
    return Object.fromEntries(WEEKDAYS.map((d) => [d, format.format(new Date(Date.UTC(2026, 10, 22 + Number(d))))])) as Record<
      Weekday,
      string
    >;
  }, [locale, style]);
}

/** "24/7", or the open days grouped by equal windows: "Mon–Fri 08:00–16:00 · Europe/Zagreb". */
export function useBusinessHoursSummary(): (hours: BusinessHours | null) => string {
  const { t } = useTranslation();
  const names = useWeekdayNames('short');
  return (hours) => {
    if (!hours) return t('agentTickets.hours.always');
    const runs: { from: Weekday; to: Weekday; window: string }[] = [];
    for (const day of WEEKDAYS) {
      const w = hours.days[day];
      if (!w) continue;
      const window = `${w[0]}–${w[1]}`;
      const last = runs.at(-1);
      if (last && last.window === window && Number(last.to) === Number(day) - 1) last.to = day;
      else runs.push({ from: day, to: day, window });
    }
    const days = runs.map((r) => `${names[r.from]}${r.to !== r.from ? `–${names[r.to]}` : ''} ${r.window}`);
    return `${days.join(', ')} · ${hours.zone}`;
  };
}

export function BusinessHoursModal({ policy, title, onClose }: { policy: SlaPolicy | null; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={policy !== null}
      onClose={onClose}
      title={`${t('agentTickets.hours.title')} — ${title}`}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {/* Keyed by policy so switching rows never shows the previous row's values. */}
      {policy && <BusinessHoursForm key={policy.id} policy={policy} onDone={onClose} />}
    </Modal>
  );
}

const ZONES: string[] = (() => {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
})();

function BusinessHoursForm({ policy, onDone }: { policy: SlaPolicy; onDone: () => void }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const queryClient = useQueryClient();
  const names = useWeekdayNames('long');
  const [mode, setMode] = useState<'always' | 'hours'>(policy.businessHours ? 'hours' : 'always');
  const [zone, setZone] = useState(policy.businessHours?.zone ?? DEFAULT_ZONE);
  const [days, setDays] = useState<Record<Weekday, DayState>>(() => {
    const saved = policy.businessHours;
    if (!saved) return OFFICE_WEEK;
    return Object.fromEntries(
      WEEKDAYS.map((d) => {
        const w = saved.days[d];
        return [d, w ? { open: true, opens: w[0], closes: w[1] === '24:00' ? '00:00' : w[1] } : { ...OFFICE_WEEK[d], open: false }];
      }),
    ) as Record<Weekday, DayState>;
  });
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});

  const setDay = (day: Weekday, change: Partial<DayState>) => {
    setDays((all) => ({ ...all, [day]: { ...all[day], ...change } }));
    setServerErrors({});
  };
  const closesAt = (d: DayState) => (d.closes === '00:00' ? '24:00' : d.closes);
  /** What keeps a day from being saved, found before asking the server. */
  const localDayError = (day: Weekday): string | undefined => {
    const d = days[day];
    if (!d.open) return undefined;
    if (!d.opens || !d.closes) return t('validation.required');
    if (closesAt(d) <= d.opens) return t('agentTickets.hours.closesBeforeOpening');
    return undefined;
  };
  const dayError = (day: Weekday) => localDayError(day) ?? serverErrors[`businessHours.days.${day}`];
  const noOpenDay = mode === 'hours' && !WEEKDAYS.some((d) => days[d].open);
  const valid = mode === 'always' || (!noOpenDay && WEEKDAYS.every((d) => !localDayError(d)));

  const body = (): { businessHours: BusinessHours | null } =>
    mode === 'always'
      ? { businessHours: null }
      : {
          businessHours: {
            zone,
            days: Object.fromEntries(WEEKDAYS.filter((d) => days[d].open).map((d) => [d, [days[d].opens, closesAt(days[d])]])),
          },
        };

  const save = useMutation({
    mutationFn: () => apiSend('PATCH', `/api/admin/sla/policies/${policy.id}`, body(), SlaPolicy),
    onSuccess: (saved) => {
      queryClient.setQueryData<SlaPolicy[]>(slaQueryKeys.policies, (list) => list?.map((item) => (item.id === saved.id ? saved : item)));
      notifications.show({ color: 'green', message: t('agentTickets.dashboard.saved') });
      onDone();
    },
    onError: (error) => {
      if (isApiError(error)) setServerErrors(Object.fromEntries(error.fields.map((f) => [f.path, localize(f.message)])));
    },
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) save.mutate();
      }}
    >
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <SegmentedControl
          // The dialog opens on this first field rather than on its close button (Mantine's focus trap looks for data-autofocus).
          ref={markCheckedForAutofocus}
          aria-label={t('agentTickets.hours.mode')}
          value={mode}
          onChange={(v) => setMode(v as 'always' | 'hours')}
          data={[
            { value: 'always', label: t('agentTickets.hours.always') },
            { value: 'hours', label: t('agentTickets.hours.businessHours') },
          ]}
        />
        {mode === 'always' ? (
          <Text size="sm" c="dimmed">
            {t('agentTickets.hours.alwaysHint')}
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('agentTickets.hours.hoursHint')}
            </Text>
            <Select
              label={t('agentTickets.hours.zone')}
              data={ZONES}
              value={zone}
              onChange={(v) => v && setZone(v)}
              searchable
              allowDeselect={false}
              error={serverErrors['businessHours.zone']}
              data-testid="hours-zone"
            />
            <Table verticalSpacing={4} data-testid="hours-days">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('agentTickets.hours.day')}</Table.Th>
                  <Table.Th>{t('agentTickets.hours.opens')}</Table.Th>
                  <Table.Th>{t('agentTickets.hours.closes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {WEEKDAYS.map((day) => {
                  const d = days[day];
                  const error = dayError(day);
                  return (
                    <Table.Tr key={day} data-testid="hours-day" data-day={day}>
                      <Table.Td>
                        <Checkbox label={names[day]} checked={d.open} onChange={(e) => setDay(day, { open: e.currentTarget.checked })} />
                      </Table.Td>
                      <Table.Td>
                        <TimeField
                          label={`${t('agentTickets.hours.opens')} — ${names[day]}`}
                          value={d.opens}
                          disabled={!d.open}
                          onChange={(opens) => setDay(day, { opens })}
                          error={error ? true : undefined}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TimeField
                          label={`${t('agentTickets.hours.closes')} — ${names[day]}`}
                          value={d.closes}
                          disabled={!d.open}
                          onChange={(closes) => setDay(day, { closes })}
                          error={error}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              {t('agentTickets.hours.midnightHint')}
            </Text>
            {(noOpenDay || serverErrors['businessHours.days']) && (
              <Alert color="red" role="alert">
                {serverErrors['businessHours.days'] ?? t('agentTickets.hours.noOpenDay')}
              </Alert>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!valid}>
            {t('agentTickets.dashboard.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Marks the segmented control's checked radio as the dialog's first focus (its inputs take no props of their own). */
function markCheckedForAutofocus(root: HTMLDivElement | null) {
  root?.querySelector('input:checked')?.setAttribute('data-autofocus', '');
}

/** A native time input (keyboard-friendly, the browser's own picker) for one end of a day's window. */
function TimeField(props: {
  label: string;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
  error: string | boolean | undefined;
}) {
  return (
    <TextInput
      type="time"
      size="xs"
      aria-label={props.label}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      error={props.error}
    />
  );
}

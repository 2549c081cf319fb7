import { Channel, SLA_TARGET_MAX_SECONDS, SlaPolicy, SlaPolicyPatch, TicketPriority } from '@centrala/contracts';
import { Button, Group, NumberInput, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api';
import { useErrorMessage } from '../../../components/QueryState';
import { BusinessHoursModal, useBusinessHoursSummary } from './BusinessHoursModal';
import { slaQueryKeys } from './queryKeys';

type Patch = ReturnType<typeof SlaPolicyPatch.parse>;

/** Channels in the order of their enum, High before Regular. */
const byChannel = (a: SlaPolicy, b: SlaPolicy) =>
  Channel.options.indexOf(a.channel) - Channel.options.indexOf(b.channel) ||
  TicketPriority.options.indexOf(b.priority) - TicketPriority.options.indexOf(a.priority);

export function SlaPoliciesTable({ policies }: { policies: SlaPolicy[] }) {
  const { t } = useTranslation();
  const [editingHours, setEditingHours] = useState<SlaPolicy | null>(null);
  const title = (p: SlaPolicy) => `${t(`agentTickets.channels.${p.channel}`)} ${t(`tickets.priorities.${p.priority}`)}`;
  return (
    <Table.ScrollContainer minWidth={840}>
      <BusinessHoursModal policy={editingHours} title={editingHours ? title(editingHours) : ''} onClose={() => setEditingHours(null)} />
      <Table withTableBorder verticalSpacing={6} fz="sm" data-testid="sla-policies">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('agentTickets.dashboard.channel')}</Table.Th>
            <Table.Th>{t('agentTickets.dashboard.priority')}</Table.Th>
            <Table.Th>{t('agentTickets.dashboard.firstResponse')}</Table.Th>
            <Table.Th>{t('agentTickets.dashboard.nextResponse')}</Table.Th>
            <Table.Th>{t('agentTickets.hours.column')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('agentTickets.dashboard.save')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...policies].sort(byChannel).map((policy) => (
            <PolicyRow key={policy.id} policy={policy} onEditHours={() => setEditingHours(policy)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Seconds as minutes for the inputs; '' is "no target". Chat targets are seconds, so decimals are kept. */
const minutes = (seconds: number | null): number | string => (seconds === null ? '' : Math.round((seconds / 60) * 100) / 100);
const seconds = (value: number | string): number | null => (value === '' ? null : Math.round(Number(value) * 60));

function PolicyRow({ policy, onEditHours }: { policy: SlaPolicy; onEditHours: () => void }) {
  const { t } = useTranslation();
  const hoursSummary = useBusinessHoursSummary();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [first, setFirst] = useState(minutes(policy.firstResponseSeconds));
  const [next, setNext] = useState(minutes(policy.nextResponseSeconds));
  // After a save (or another admin's) the row starts again from what the server stored. Reset here rather than
  // by re-keying the row: a new row would drop the keyboard focus of whoever just pressed Enter or Save.
  const stored = `${policy.firstResponseSeconds}:${policy.nextResponseSeconds}`;
  const [shown, setShown] = useState(stored);
  if (shown !== stored) {
    setShown(stored);
    setFirst(minutes(policy.firstResponseSeconds));
    setNext(minutes(policy.nextResponseSeconds));
  }

  const patch = SlaPolicyPatch.safeParse({
    firstResponseSeconds: seconds(first) ?? undefined,
    nextResponseSeconds: seconds(next),
  });
  const changed = seconds(first) !== policy.firstResponseSeconds || seconds(next) !== policy.nextResponseSeconds;
  const valid = patch.success && first !== '';

  const save = useMutation({
    mutationFn: (body: Patch) => apiSend('PATCH', `/api/admin/sla/policies/${policy.id}`, body, SlaPolicy),
    onSuccess: (saved) => {
      queryClient.setQueryData<SlaPolicy[]>(slaQueryKeys.policies, (list) => list?.map((item) => (item.id === saved.id ? saved : item)));
      notifications.show({ color: 'green', message: t('agentTickets.dashboard.saved') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const canSave = changed && valid && !save.isPending;
  const submit = () => {
    if (canSave && patch.success) save.mutate(patch.data);
  };

  const channel = t(`agentTickets.channels.${policy.channel}`);
  const priority = t(`tickets.priorities.${policy.priority}`);
  const input = (label: string, value: number | string, onChange: (value: number | string) => void, required: boolean) => (
    <NumberInput
      size="xs"
      w={120}
      aria-label={`${label} — ${channel} ${priority}`}
      value={value}
      onChange={onChange}
      // Enter saves the row, as it would submit a form; the row's Save button does the same.
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
          event.preventDefault();
          submit();
        }
      }}
      min={0.1}
      // Minutes: the API takes targets up to a year.
      max={SLA_TARGET_MAX_SECONDS / 60}
      step={1}
      decimalScale={2}
      allowNegative={false}
      error={required && value === ''}
    />
  );

  return (
    <Table.Tr data-testid="sla-policy" data-channel={policy.channel} data-priority={policy.priority}>
      <Table.Td fw={600}>{channel}</Table.Td>
      <Table.Td>{priority}</Table.Td>
      <Table.Td>{input(t('agentTickets.dashboard.firstResponse'), first, setFirst, true)}</Table.Td>
      <Table.Td>{input(t('agentTickets.dashboard.nextResponse'), next, setNext, false)}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" data-testid="sla-policy-hours">
            {hoursSummary(policy.businessHours)}
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            style={{ flexShrink: 0 }}
            aria-label={t('agentTickets.hours.edit', { channel, priority })}
            onClick={onEditHours}
          >
            {t('agentTickets.hours.editShort')}
          </Button>
        </Group>
      </Table.Td>
      <Table.Td ta="right">
        <Button
          size="xs"
          disabled={!changed || !valid}
          loading={save.isPending}
          aria-label={t('agentTickets.dashboard.saveFor', { channel, priority })}
          onClick={submit}
        >
          {t('agentTickets.dashboard.save')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

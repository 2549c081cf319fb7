import { QueueFilter, SlaState } from '@centrala/contracts';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { useTicketLabels } from '../../../tickets/labels';
import { useDepartments, useStaff } from './lookups';
import type { QueueQuery } from './queryKeys';

/** The API's limit on `q`: a longer paste is cut here rather than answered with "Some fields are invalid". */
const SEARCH_MAX_LENGTH = QueueFilter.shape.q.unwrap().maxLength ?? 200;

interface QueueFiltersProps {
  value: QueueQuery;
  onChange: (next: QueueQuery) => void;
}

/** Department, priority, status, assignee and SLA selects plus a search box; empty means "any". */
export function QueueFilters({ value, onChange }: QueueFiltersProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useTicketLabels('agent');
  const departments = useDepartments();
  const staff = useStaff();
  const [search, setSearch] = useState(value.q ?? '');
  // Typing should not fire a request per key press.
  const commitSearch = useDebouncedCallback((q: string) => onChange({ ...value, q }), 300);

  const set = (key: keyof QueueQuery) => (next: string | null) => onChange({ ...value, [key]: next ?? undefined });
  const hasFilters = Object.values(value).some(Boolean);

  return (
    <Group gap="sm" align="flex-end" role="search" aria-label={t('agentTickets.queue.filters')}>
      <TextInput
        label={t('agentTickets.queue.search')}
        placeholder={t('agentTickets.queue.searchPlaceholder')}
        type="search"
        maxLength={SEARCH_MAX_LENGTH}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          commitSearch(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 260 }}
        data-testid="queue-search"
      />
      <Select
        label={t('agentTickets.queue.department')}
        placeholder={t('agentTickets.queue.anyDepartment')}
        data={(departments.data ?? []).map((department) => ({
          value: department.id,
          label: locale === 'hr' ? department.nameHr : department.nameEn,
        }))}
        value={value.department ?? null}
        onChange={set('department')}
        clearable
        // Wide enough for "Technical problems" / "Financijski problemi" beside the clear button.
        w={220}
        data-testid="filter-department"
      />
      <Select
        label={t('agentTickets.queue.priority')}
        placeholder={t('agentTickets.queue.anyPriority')}
        data={labels.priorityOptions}
        value={value.priority ?? null}
        onChange={set('priority')}
        clearable
        w={140}
        data-testid="filter-priority"
      />
      <Select
        label={t('agentTickets.queue.status')}
        // A search looks in every status, active ones first (the server's queue()).
        placeholder={t(value.q ? 'agentTickets.queue.activeFirst' : 'agentTickets.queue.activeStatuses')}
        data={labels.statusOptions}
        value={value.status ?? null}
        onChange={set('status')}
        clearable
        w={160}
        data-testid="filter-status"
      />
      <Select
        label={t('agentTickets.queue.assignee')}
        placeholder={t('agentTickets.queue.anyAssignee')}
        data={[
          { value: 'me', label: t('agentTickets.queue.me') },
          { value: 'none', label: t('agentTickets.queue.unassigned') },
          ...(staff.data ?? []).map((member) => ({ value: member.id, label: member.name })),
        ]}
        value={value.assignee ?? null}
        onChange={set('assignee')}
        clearable
        searchable
        w={150}
        data-testid="filter-assignee"
      />
      <Select
        label={t('agentTickets.queue.sla')}
        placeholder={t('agentTickets.queue.anySla')}
        data={SlaState.options.map((state) => ({ value: state, label: t(`agentTickets.slaStates.${state}`) }))}
        value={value.sla ?? null}
        onChange={set('sla')}
        clearable
        w={160}
        data-testid="filter-sla"
      />
      {hasFilters && (
        <Button
          variant="subtle"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => {
            setSearch('');
            commitSearch.cancel();
            onChange({});
          }}
        >
          {t('agentTickets.queue.clearFilters')}
        </Button>
      )}
    </Group>
  );
}

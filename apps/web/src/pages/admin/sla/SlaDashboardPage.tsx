import { Department, SlaFigures, SlaPolicy } from '@centrala/contracts';
import { Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, unwrap } from '../../../api';
import { QueryState } from '../../../components/QueryState';
import { useLocale } from '../../../i18n';
import { adminQueryKeys } from '../queryKeys';
import { slaQueryKeys } from './queryKeys';
import { SlaCharts } from './SlaCharts';
import { SlaFiguresTable } from './SlaFiguresTable';
import { SlaPoliciesTable } from './SlaPoliciesTable';

type Period = 'last24h' | 'last7d';

/** `/admin/sla`: measured first-response times per channel and department, and the targets behind them. */
export function SlaDashboardPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [period, setPeriod] = useState<Period>('last24h');
  const figures = useQuery({
    queryKey: slaQueryKeys.figures,
    queryFn: () => apiGet('/api/admin/sla/figures', SlaFigures),
    // Figures move slowly; a minute is fresh enough and keeps the dashboard current while left open.
    refetchInterval: 60_000,
  });
  const policies = useQuery({
    queryKey: slaQueryKeys.policies,
    queryFn: () => apiGet('/api/admin/sla/policies', unwrap('policies', SlaPolicy.array())),
  });
  const departments = useQuery({
    queryKey: adminQueryKeys.departments,
    queryFn: () => apiGet('/api/admin/departments', unwrap('departments', Department.array())),
  });
  const departmentName = (id: string) => {
    const department = departments.data?.find((candidate) => candidate.id === id);
    return department ? (locale === 'hr' ? department.nameHr : department.nameEn) : id;
  };

  return (
    <Stack data-testid="sla-dashboard">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('agentTickets.dashboard.title')}
        </Title>
        <SegmentedControl
          aria-label={t('agentTickets.dashboard.window')}
          value={period}
          onChange={(value) => setPeriod(value === 'last7d' ? 'last7d' : 'last24h')}
          data={[
            { value: 'last24h', label: t('agentTickets.dashboard.last24h') },
            { value: 'last7d', label: t('agentTickets.dashboard.last7d') },
          ]}
          data-testid="sla-window"
        />
      </Group>
      <QueryState query={figures}>
        {(data) => {
          const rows = data[period];
          return (
            <Stack>
              {rows.length === 0 ? (
                <Text c="dimmed" data-testid="sla-figures">
                  {t('agentTickets.dashboard.noData')}
                </Text>
              ) : (
                <SlaFiguresTable figures={rows} departmentName={departmentName} />
              )}
              <SlaCharts
                totals={rows.filter((figure) => figure.departmentId === null)}
                hourly={data.hourly}
                policies={policies.data ?? []}
                fetchedAt={figures.dataUpdatedAt}
              />
            </Stack>
          );
        }}
      </QueryState>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4">
          {t('agentTickets.dashboard.policies')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('agentTickets.dashboard.policiesIntro')}
        </Text>
        <QueryState query={policies}>{(list) => <SlaPoliciesTable policies={list} />}</QueryState>
      </Paper>
    </Stack>
  );
}

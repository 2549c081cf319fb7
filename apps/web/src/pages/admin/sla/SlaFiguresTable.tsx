import type { SlaFigure } from '@centrala/contracts';
import { Table, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { formatDuration, intlLocale } from '../../../tickets/format';

/** Above this share of breached first responses a row is flagged red. */
const breachThreshold = 0.05;

interface SlaFiguresTableProps {
  figures: SlaFigure[];
  departmentName: (id: string) => string;
}

/** One block per channel: its total (all departments) first, then each department. */
export function SlaFiguresTable({ figures, departmentName }: SlaFiguresTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const percent = useMemo(() => new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 }), [locale]);
  const rows = [...figures].sort(
    (a, b) => a.channel.localeCompare(b.channel) || Number(a.departmentId !== null) - Number(b.departmentId !== null),
  );

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table withTableBorder verticalSpacing={6} fz="sm" data-testid="sla-figures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('agentTickets.dashboard.channel')}</Table.Th>
            <Table.Th>{t('agentTickets.dashboard.department')}</Table.Th>
            <Table.Th ta="right">{t('agentTickets.dashboard.tickets')}</Table.Th>
            <Table.Th ta="right">{t('agentTickets.dashboard.answered')}</Table.Th>
            <Table.Th ta="right">{t('agentTickets.dashboard.median')}</Table.Th>
            <Table.Th ta="right">{t('agentTickets.dashboard.p95')}</Table.Th>
            <Table.Th ta="right">{t('agentTickets.dashboard.breachRate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((figure) => {
            const total = figure.departmentId === null;
            const breaching = figure.breachRate !== null && figure.breachRate > breachThreshold;
            return (
              <Table.Tr
                key={`${figure.channel}-${figure.departmentId ?? 'all'}`}
                fw={total ? 600 : undefined}
                bg={total ? 'gray.0' : undefined}
                data-testid="sla-figure"
                data-channel={figure.channel}
                data-department={figure.departmentId ?? 'all'}
              >
                <Table.Td>{total ? t(`agentTickets.channels.${figure.channel}`) : ''}</Table.Td>
                <Table.Td>{total ? t('agentTickets.dashboard.allDepartments') : departmentName(figure.departmentId!)}</Table.Td>
                <Table.Td ta="right">{figure.tickets}</Table.Td>
                <Table.Td ta="right">{figure.answered}</Table.Td>
                <Table.Td ta="right">
                  {figure.medianFirstResponseSeconds === null ? '—' : formatDuration(figure.medianFirstResponseSeconds, locale)}
                </Table.Td>
                <Table.Td ta="right">
                  {figure.p95FirstResponseSeconds === null ? '—' : formatDuration(figure.p95FirstResponseSeconds, locale)}
                </Table.Td>
                <Table.Td ta="right">
                  {figure.breachRate === null ? (
                    '—'
                  ) : breaching ? (
                    <Tooltip label={t('agentTickets.dashboard.breachHint')} withArrow>
                      <Text span c="red.7" fw={700} inherit data-testid="breach-rate" data-breaching="true">
                        {percent.format(figure.breachRate)}
                      </Text>
                    </Tooltip>
                  ) : (
                    <Text span inherit data-testid="breach-rate" data-breaching="false">
                      {percent.format(figure.breachRate)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

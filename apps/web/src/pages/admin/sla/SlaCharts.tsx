import '@mantine/charts/styles.css';
import { Channel, type SlaFigure, type SlaFigures, type SlaPolicy } from '@centrala/contracts';
import { BarChart, LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { formatDuration, intlLocale } from '../../../tickets/format';

const toMinutes = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 60) * 10) / 10);
/** Axis ticks stay short numbers (the axis is labelled "minutes"); tooltips use the full duration. */
function useMinutesFormat() {
  const locale = useLocale();
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  return {
    axis: { tickFormatter: (minutes: number) => number.format(minutes) },
    label: (minutes: number) => formatDuration(minutes * 60, locale),
  };
}

const channelColor: Record<Channel, string> = {
  ticket: 'blue.6',
  email: 'grape.6',
  chat: 'teal.6',
  api: 'orange.6',
};

interface SlaChartsProps {
  /** Channel totals of the chosen window (rows without a department). */
  totals: SlaFigure[];
  hourly: SlaFigures['hourly'];
  policies: SlaPolicy[];
  /** When the figures were fetched: the end of the 24-hour axis. */
  fetchedAt: number;
}

export function SlaCharts({ totals, hourly, policies, fetchedAt }: SlaChartsProps) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">
          {t('agentTickets.dashboard.medianVsTarget')}
        </Title>
        <MedianVsTarget totals={totals} policies={policies} />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">
          {t('agentTickets.dashboard.hourly')}
        </Title>
        <HourlyMedians hourly={hourly} fetchedAt={fetchedAt} />
      </Paper>
    </SimpleGrid>
  );
}

function MedianVsTarget({ totals, policies }: { totals: SlaFigure[]; policies: SlaPolicy[] }) {
  const { t } = useTranslation();
  const minutes = useMinutesFormat();
  // Channels with a promise or with traffic; the target shown is the Regular one, the promise customers see.
  const channels = Channel.options.filter(
    (channel) => totals.some((figure) => figure.channel === channel) || policies.some((policy) => policy.channel === channel),
  );
  const data = channels.map((channel) => ({
    channel: t(`agentTickets.channels.${channel}`),
    median: toMinutes(totals.find((figure) => figure.channel === channel)?.medianFirstResponseSeconds ?? null),
    target: toMinutes(policies.find((policy) => policy.channel === channel && policy.priority === 'regular')?.firstResponseSeconds ?? null),
  }));
  return (
    <BarChart
      h={260}
      data={data}
      dataKey="channel"
      series={[
        { name: 'median', label: t('agentTickets.dashboard.medianSeries'), color: 'blue.6' },
        { name: 'target', label: t('agentTickets.dashboard.targetSeries'), color: 'gray.4' },
      ]}
      valueFormatter={minutes.label}
      yAxisProps={minutes.axis}
      yAxisLabel={t('agentTickets.dashboard.minutes')}
      withLegend
      tickLine="y"
      data-testid="sla-bar-chart"
    />
  );
}

function HourlyMedians({ hourly, fetchedAt }: { hourly: SlaFigures['hourly']; fetchedAt: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const minutes = useMinutesFormat();
  const hourLabel = new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit' });
  const channels = Channel.options.filter((channel) => hourly.some((point) => point.channel === channel));
  if (channels.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('agentTickets.dashboard.noData')}
      </Text>
    );
  }

  // Every hour of the window gets a point, so quiet hours show as gaps rather than being skipped.
  const lastHour = Math.floor(fetchedAt / 3_600_000) * 3_600_000;
  const data = Array.from({ length: 24 }, (_, index) => {
    const start = lastHour - (23 - index) * 3_600_000;
    const row: Record<string, string | number | null> = { hour: hourLabel.format(start) };
    for (const channel of channels) {
      const point = hourly.find((candidate) => candidate.channel === channel && Date.parse(candidate.hour) === start);
      row[channel] = toMinutes(point?.medianFirstResponseSeconds ?? null);
    }
    return row;
  });

  return (
    <LineChart
      h={260}
      data={data}
      dataKey="hour"
      series={channels.map((channel) => ({ name: channel, label: t(`agentTickets.channels.${channel}`), color: channelColor[channel] }))}
      valueFormatter={minutes.label}
      yAxisProps={minutes.axis}
      yAxisLabel={t('agentTickets.dashboard.minutes')}
      withLegend
      connectNulls={false}
      curveType="monotone"
      data-testid="sla-line-chart"
    />
  );
}

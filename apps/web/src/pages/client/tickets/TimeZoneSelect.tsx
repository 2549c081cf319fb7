import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export const DEFAULT_ZONE = 'Europe/Zagreb';

/** "GMT+1" now in the zone; a hint for people who know their offset but not the zone's name. */
function currentOffset(zone: string, now: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

function zoneOptions(): { value: string; label: string }[] {
  const zones = Intl.supportedValuesOf('timeZone');
  if (!zones.includes('UTC')) zones.push('UTC');
  const now = new Date();
  return zones.map((zone) => ({
    value: zone,
    // The contact document speaks of CET/CEST, so the provider's own zone is named that way.
    label: zone === DEFAULT_ZONE ? `${zone} (CET/CEST)` : `${zone} (${currentOffset(zone, now)})`,
  }));
}

/** A searchable list of the browser's IANA time zones. */
export function TimeZoneSelect(props: Omit<SelectProps, 'data'>) {
  const { t } = useTranslation();
  const data = useMemo(() => zoneOptions(), []);
  return (
    <Select
      searchable
      allowDeselect={false}
      limit={100}
      nothingFoundMessage={t('clientTickets.incident.zoneNothingFound')}
      data={data}
      {...props}
    />
  );
}

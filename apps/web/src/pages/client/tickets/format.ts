import type { Locale } from '@centrala/contracts';

const intlLocale = (locale: Locale) => (locale === 'hr' ? 'hr-HR' : 'en-GB');

// Abbreviations read the same in both languages ("4 min 12 s"); only the digits are localised.
const UNITS = [
  { seconds: 86_400, symbol: 'd' },
  { seconds: 3_600, symbol: 'h' },
  { seconds: 60, symbol: 'min' },
  { seconds: 1, symbol: 's' },
] as const;

/**
 * A duration as its two largest units: "42 s", "4 min 12 s", "2 h 5 min", "1 d 3 h".
 * Response times are read at a glance, so finer parts are dropped rather than shown.
 */
export function formatDuration(seconds: number, locale: Locale): string {
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return seconds > 0 ? `< 1 s` : `${number.format(0)} s`;
  const parts: string[] = [];
  for (const unit of UNITS) {
    if (parts.length === 2) break;
    const amount = Math.floor(rest / unit.seconds);
    rest -= amount * unit.seconds;
    if (amount > 0) parts.push(`${number.format(amount)} ${unit.symbol}`);
    // Once a unit is shown, the next one is the only other candidate: "1 h 5 s" would mislead.
    else if (parts.length > 0) break;
  }
  return parts.join(' ');
}

/** "15–30 min" when both ends are whole numbers of one unit, otherwise "50 s – 2 min". */
export function formatDurationRange(min: number, max: number, locale: Locale): string {
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  for (const unit of UNITS) {
    if (min >= unit.seconds && min % unit.seconds === 0 && max % unit.seconds === 0) {
      return `${number.format(min / unit.seconds)}–${number.format(max / unit.seconds)} ${unit.symbol}`;
    }
  }
  return `${formatDuration(min, locale)} – ${formatDuration(max, locale)}`;
}

/** File sizes in the units people see in their file manager (1 KB = 1024 bytes). */
export function formatBytes(bytes: number, locale: Locale): string {
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${number.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`;
  return `${number.format(bytes / 1024 / 1024)} MB`;
}

const RELATIVE_STEPS: Array<{ unit: Intl.RelativeTimeFormatUnit; seconds: number }> = [
  { unit: 'year', seconds: 365 * 86_400 },
  { unit: 'month', seconds: 30 * 86_400 },
  { unit: 'week', seconds: 7 * 86_400 },
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
];

/** "3 minutes ago" / "prije 3 minute"; anything under a minute is "now". */
export function formatRelative(iso: string, now: number, locale: Locale): string {
  const format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
  const diff = (new Date(iso).getTime() - now) / 1000;
  for (const step of RELATIVE_STEPS) {
    if (Math.abs(diff) >= step.seconds) return format.format(Math.round(diff / step.seconds), step.unit);
  }
  return format.format(0, 'second');
}

const FIXED_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * A wall time in a given zone, with the zone's short name: "24. stu 2026. 14:30 CET". The extractor also
 * yields fixed offsets ("+02:00"), which not every browser's Intl accepts, so those are shifted by hand.
 */
export function formatInZone(date: Date, zone: string, locale: Locale): string {
  const fixed = FIXED_OFFSET.exec(zone);
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  if (fixed) {
    const minutes = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
    const shifted = new Date(date.getTime() + minutes * 60_000);
    return `${new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: 'UTC' }).format(shifted)} UTC${zone}`;
  }
  return new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: zone, timeZoneName: 'short' }).format(date);
}

import { formatBytes as formatBytesIn, type Locale } from '@centrala/contracts';

/**
 * Times, durations and sizes as the ticket pages show them, for customers and agents alike (and the SLA
 * dashboard). Pure functions of the locale; components get it from `useLocale()`.
 */
export const intlLocale = (locale: Locale) => (locale === 'hr' ? 'hr-HR' : 'en-GB');

/** The locale's decimal mark, for inputs that format numbers themselves: "," in Croatian ("0,5"), "." in English. */
export function decimalSeparator(locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale)).formatToParts(0.5).find((part) => part.type === 'decimal')!.value;
}

// Abbreviations read the same in both languages ("4 min 12 s"); only the digits are localised.
const UNITS = [
  { seconds: 86_400, symbol: 'd' },
  { seconds: 3_600, symbol: 'h' },
  { seconds: 60, symbol: 'min' },
  { seconds: 1, symbol: 's' },
] as const;

/**
 * A measured duration as its two largest units: "42 s", "4 min 12 s", "2 h 5 min", "1 d 3 h".
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

/** In the largest unit both ends are whole numbers of: "15–30 min", "1–2 h", "50–120 s". */
export function formatDurationRange(min: number, max: number, locale: Locale): string {
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  for (const unit of UNITS) {
    if (min >= unit.seconds && min % unit.seconds === 0 && max % unit.seconds === 0) {
      return `${number.format(min / unit.seconds)}–${number.format(max / unit.seconds)} ${unit.symbol}`;
    }
  }
  return `${formatDuration(min, locale)} – ${formatDuration(max, locale)}`;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** A countdown as on a clock: `4:12`, `1:04:12`, `2 d 03:04:12` (the sign is the caller's: "due in" / "overdue"). */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.abs(Math.trunc(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days} d ${pad(hours)}:${pad(minutes)}:${pad(rest)}`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(rest)}`;
  return `${minutes}:${pad(rest)}`;
}

/** File sizes in the units people see in their file manager (1 KB = 1024 bytes). */
export function formatBytes(bytes: number, locale: Locale): string {
  return formatBytesIn(bytes, intlLocale(locale));
}

interface RelativeStep {
  unit: Intl.RelativeTimeFormatUnit;
  seconds: number;
}

const DAY_STEPS: RelativeStep[] = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
];

const LONG_STEPS: RelativeStep[] = [
  { unit: 'year', seconds: 365 * 86_400 },
  { unit: 'month', seconds: 30 * 86_400 },
  { unit: 'week', seconds: 7 * 86_400 },
  ...DAY_STEPS,
];

/**
 * `long`: "3 minutes ago", "2 weeks ago", where the text is refreshed now and then (the customer's list).
 * `short`: "3 min ago", "40 days ago", for dense tables that tick every second (the agent's queue).
 */
export type RelativeStyle = 'long' | 'short';

// A queue re-renders every second: one formatter per language and style rather than one per row and tick.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function relativeFormat(locale: Locale, style: RelativeStyle): Intl.RelativeTimeFormat {
  const key = `${locale}:${style}`;
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto', style });
    relativeFormats.set(key, format);
  }
  return format;
}

/** Intl's word for "0 seconds" is a bare "sad" / "now"; the pages say it as people do. */
const JUST_NOW: Record<Locale, string> = { hr: 'upravo sada', en: 'just now' };

/** `iso` relative to `now` (ms) in the given language: "3 minutes ago" / "prije 3 minute". */
export function formatRelative(iso: string, now: number, locale: Locale, style: RelativeStyle = 'long'): string {
  const format = relativeFormat(locale, style);
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  for (const step of style === 'long' ? LONG_STEPS : DAY_STEPS) {
    if (Math.abs(seconds) >= step.seconds) return format.format(Math.round(seconds / step.seconds), step.unit);
  }
  // Under a minute: "just now" in the long style; in the ticking one, tens of seconds ("40 s ago") after the first few.
  const tens = style === 'long' ? 0 : Math.round(seconds / 10) * 10;
  return tens === 0 ? JUST_NOW[locale] : format.format(tens, 'second');
}

const FIXED_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * A wall time in a given zone: "24. stu 2026. 14:30", with the zone's short name appended ("… CET") unless
 * `zoneName` is false. The extractor also yields fixed offsets ("+02:00"), which not every browser's Intl
 * accepts, so those are shifted by hand (and named "UTC+02:00"). Null for a zone Intl does not know.
 */
export function formatInZone(date: Date | string, zone: string, locale: Locale, { zoneName = true } = {}): string | null {
  const instant = typeof date === 'string' ? new Date(date) : date;
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  const fixed = FIXED_OFFSET.exec(zone);
  if (fixed) {
    const minutes = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
    const shifted = new Date(instant.getTime() + minutes * 60_000);
    const time = new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: 'UTC' }).format(shifted);
    return zoneName ? `${time} UTC${zone}` : time;
  }
  try {
    return new Intl.DateTimeFormat(intlLocale(locale), {
      ...options,
      timeZone: zone,
      ...(zoneName ? { timeZoneName: 'short' } : {}),
    }).format(instant);
  } catch {
    return null;
  }
}

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

// Abbreviations read the same in both languages ("1 d 5 h", "12 min") and need no plural forms; only the
// digits are localised.
const UNITS = [
  { seconds: 86_400, symbol: 'd' },
  { seconds: 3_600, symbol: 'h' },
  { seconds: 60, symbol: 'min' },
  { seconds: 1, symbol: 's' },
] as const;

/**
 * The one way durations read across the console and the client area (issue 10 point 5): at most the two
 * largest units, "1 d 5 h", "2 h 5 min", "12 min"; seconds only under a minute ("42 s"). Read at a glance,
 * so finer parts are dropped rather than shown, and never as a clock ("4:12" is minutes or hours?).
 */
export function formatDuration(seconds: number, locale: Locale): string {
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return seconds > 0 ? `< 1 s` : `${number.format(0)} s`;
  const parts: string[] = [];
  for (const unit of UNITS) {
    if (parts.length === 2 || (unit.seconds === 1 && parts.length > 0)) break;
    const amount = Math.floor(rest / unit.seconds);
    rest -= amount * unit.seconds;
    if (amount > 0) parts.push(`${number.format(amount)} ${unit.symbol}`);
    // Once a unit is shown, the next one is the only other candidate: "1 d 5 min" would mislead.
    else if (parts.length > 0) break;
  }
  return parts.join(' ');
}

const COUNTDOWN: Record<Locale, { dueIn: (time: string) => string; overdue: (time: string) => string }> = {
  en: { dueIn: (time) => `due in ${time}`, overdue: (time) => `overdue ${time}` },
  // "kasni 18 min" (is 18 min late) is how a late answer is said; "rok za 12 min" (the deadline is in 12 min).
  hr: { dueIn: (time) => `rok za ${time}`, overdue: (time) => `kasni ${time}` },
};

/**
 * How long until an answer is due, or how late it is: "due in 12 min", "due in 1 d 5 h", "overdue 18 min"
 * (hr: "rok za 12 min", "kasni 18 min"), in whole minutes counted down, so it changes once a minute. The last
 * minute either side is "< 1 min": at the due instant it already reads overdue, never "0". `breached` is the
 * server's word, which wins over a browser clock a few seconds behind.
 */
export function formatCountdown(secondsLeft: number, locale: Locale, breached = false): { overdue: boolean; text: string } {
  const overdue = breached || secondsLeft <= 0;
  const minutes = Math.floor(Math.abs(overdue ? Math.min(0, secondsLeft) : secondsLeft) / 60);
  const time = minutes === 0 ? '< 1 min' : formatDuration(minutes * 60, locale);
  return { overdue, text: overdue ? COUNTDOWN[locale].overdue(time) : COUNTDOWN[locale].dueIn(time) };
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

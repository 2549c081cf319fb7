/**
 * Time zone arithmetic with Intl only (works in browsers and Node).
 * A zone is an IANA name ('Europe/Zagreb'), 'UTC', or a fixed offset ('+02:00').
 */

const FIXED = /^([+-])(\d{2}):(\d{2})$/;

/** Offset in minutes of a fixed-offset zone like '+02:00', or null. */
export function fixedOffsetMinutes(zone: string): number | null {
  const m = FIXED.exec(zone);
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (h > 14 || min > 59 || (h === 14 && min > 0)) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/** '+02:00' for 120, '-05:30' for -330; 'UTC' for 0. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for IANA zone names known to this runtime (any case), 'UTC', and fixed offsets '±HH:MM'. */
export function isValidZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  if (FIXED.test(zone)) return fixedOffsetMinutes(zone) !== null;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The runtime's canonical spelling of a valid IANA zone ('europe/london' -> 'Europe/London'); fixed offsets unchanged. */
export function canonicalZone(zone: string): string {
  if (FIXED.test(zone)) return zone;
  const resolved = formatter(zone).resolvedOptions().timeZone;
  // Some runtimes resolve links to other names ('CET' -> 'Europe/Brussels'); keep what was asked when only case differs.
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

function assertZone(zone: string): void {
  if (!isValidZone(zone)) throw new RangeError(`Invalid time zone: ${zone}`);
}

/** 'M/D/YYYY, HH:mm:ss', as the en-US formatter writes a wall time. */
const US_WALL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/** Offset of the zone from UTC at the instant, in minutes (east positive). */
export function offsetMinutes(zone: string, at: Date): number {
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return fixed;
  const f = formatter(zone);
  // format() is four times cheaper than formatToParts(); its en-US shape is fixed for years 1000-9999.
  const m = US_WALL.exec(f.format(at));
  let wall: number;
  if (m) {
    wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]) % 24, Number(m[5]), Number(m[6]));
  } else {
    const parts: Record<string, number> = {};
    for (const p of f.formatToParts(at)) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  }
  const t = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((wall - t) / 60000);
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar date in the zone at the instant. */
export function civilDate(zone: string, at: Date): CivilDate {
  const d = new Date(at.getTime() + offsetMinutes(zone, at) * 60000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Add days to a calendar date. */
export function addDays(d: CivilDate, days: number): CivilDate {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(d: CivilDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which the wall clock in `zone` shows `local` ('YYYY-MM-DDTHH:mm', seconds optional).
 * In a DST overlap the earlier instant (the offset before the change) is used; a time in a DST gap
 * is shifted forward by the gap (02:30 on the spring-forward day in Europe/Zagreb becomes 03:30 CEST).
 * Throws RangeError for a malformed time or unknown zone.
 */
export function parseZonedTime(local: string, zone: string): Date {
  assertZone(zone);
  const m = LOCAL.exec(local);
  if (!m) throw new RangeError(`Invalid local time: ${local}`);
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) throw new RangeError(`Invalid local time: ${local}`);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return new Date(wall - fixed * 60000);

  const day_ = 86_400_000;
  const before = offsetMinutes(zone, new Date(wall - day_));
  const after = offsetMinutes(zone, new Date(wall + day_));
  const fits = (off: number) => offsetMinutes(zone, new Date(wall - off * 60000)) === off;
  const valid = [...new Set([before, after])].filter(fits).map((off) => wall - off * 60000);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // Gap: read the wall time with the offset in force before the change, which lands after it.
  return new Date(wall - before * 60000);
}

const CENTRAL_EUROPEAN = new Set(
  (
    'Europe/Zagreb Europe/Belgrade Europe/Ljubljana Europe/Sarajevo Europe/Skopje Europe/Podgorica Europe/Vienna Europe/Berlin ' +
    'Europe/Busingen Europe/Paris Europe/Rome Europe/Madrid Europe/Amsterdam Europe/Brussels Europe/Luxembourg Europe/Monaco ' +
    'Europe/Prague Europe/Bratislava Europe/Budapest Europe/Warsaw Europe/Copenhagen Europe/Stockholm Europe/Oslo Europe/Zurich ' +
    'Europe/Vaduz Europe/Malta Europe/Andorra Europe/Gibraltar Europe/Tirane Europe/San_Marino Europe/Vatican Arctic/Longyearbyen ' +
    'Africa/Ceuta CET MET'
  )
    .toLowerCase()
    .split(' '),
);

/** 'GMT+2', 'GMT-5:30' as Intl writes fixed offsets; 'UTC' for zero. */
function gmtLabel(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  const m = a % 60;
  return `GMT${minutes < 0 ? '-' : '+'}${Math.floor(a / 60)}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/**
 * A short name for the zone at the instant: 'CET'/'CEST' for the Central European zones
 * (from the offset), 'UTC' for UTC, otherwise what Intl calls it in en-US ('GMT+2', 'EST').
 */
export function zoneAbbreviation(zone: string, at: Date): string {
  assertZone(zone);
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return gmtLabel(fixed);
  if (CENTRAL_EUROPEAN.has(zone.toLowerCase())) {
    const off = offsetMinutes(zone, at);
    if (off === 60) return 'CET';
    if (off === 120) return 'CEST';
  }
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name ?? gmtLabel(offsetMinutes(zone, at));
}

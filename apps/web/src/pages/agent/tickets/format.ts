import { useCallback, useMemo } from 'react';
import { useLocale } from '../../../i18n';

const pad = (value: number) => String(value).padStart(2, '0');

/** A countdown as on a clock: `4:12`, `1:04:12`, `2 d 03:04:12`. */
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

/** A measured duration, two units at most: `45 s`, `4 min 12 s`, `1 h 5 min`, `2 d 3 h` (same in hr and en). */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  if (seconds < 60) return `${seconds} s`;
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** "3 minutes ago" in the current language, relative to `now`. */
export function useFormatRelative(): (iso: string, now: number) => string {
  const locale = useLocale();
  const format = useMemo(() => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }), [locale]);
  return useCallback(
    (iso: string, now: number) => {
      const seconds = Math.round((Date.parse(iso) - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) return format.format(Math.round(seconds / 10) * 10, 'second');
      if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
      return format.format(Math.round(seconds / 86_400), 'day');
    },
    [format],
  );
}

/** Formats an instant in a given IANA zone (e.g. `UTC`, `Europe/Zagreb`); null when the zone is unknown. */
export function useFormatInZone(): (iso: string, timeZone: string) => string | null {
  const locale = useLocale();
  return useCallback(
    (iso: string, timeZone: string) => {
      try {
        return new Intl.DateTimeFormat(locale === 'hr' ? 'hr-HR' : 'en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone,
        }).format(new Date(iso));
      } catch {
        return null;
      }
    },
    [locale],
  );
}

import { describe, expect, it } from 'vitest';
import { formatBytes, formatCountdown, formatDuration, formatInZone, formatRelative } from './format';

describe('ticket formatting (what customers and agents read)', () => {
  it('shows durations as their two largest units, seconds only under a minute (issue 10 point 5)', () => {
    expect(formatDuration(0, 'en')).toBe('0 s');
    expect(formatDuration(0.4, 'en')).toBe('< 1 s');
    expect(formatDuration(42, 'en')).toBe('42 s');
    expect(formatDuration(59, 'hr')).toBe('59 s');
    expect(formatDuration(60, 'hr')).toBe('1 min');
    expect(formatDuration(252, 'hr')).toBe('4 min'); // not "4 min 12 s", nor "4:12"
    expect(formatDuration(3_599, 'en')).toBe('59 min');
    expect(formatDuration(3_600, 'en')).toBe('1 h');
    expect(formatDuration(3_605, 'en')).toBe('1 h'); // "1 h 5 s" would mislead
    expect(formatDuration(7_505, 'en')).toBe('2 h 5 min');
    expect(formatDuration(86_399, 'hr')).toBe('23 h 59 min');
    expect(formatDuration(86_400, 'hr')).toBe('1 d');
    expect(formatDuration(86_400 + 5 * 3600 + 59 * 60, 'hr')).toBe('1 d 5 h');
    expect(formatDuration(86_400 + 300, 'en')).toBe('1 d'); // "1 d 5 min" would mislead
    expect(formatDuration(1_234 * 86_400, 'hr')).toBe('1.234 d');
    expect(formatDuration(1_234 * 86_400, 'en')).toBe('1,234 d');
  });

  it('counts down to a due answer in whole minutes, in both languages, never "0" once due', () => {
    const countdown = (seconds: number, locale: 'hr' | 'en', breached = false) => formatCountdown(seconds, locale, breached).text;
    expect(countdown(12 * 60 + 59, 'en')).toBe('due in 12 min');
    expect(countdown(12 * 60 + 59, 'hr')).toBe('rok za 12 min');
    expect(countdown(60, 'en')).toBe('due in 1 min');
    expect(countdown(59, 'en')).toBe('due in < 1 min');
    expect(countdown(1, 'hr')).toBe('rok za < 1 min');
    // At the due instant it is overdue, and stays so however the seconds fall.
    expect(formatCountdown(0, 'en')).toEqual({ overdue: true, text: 'overdue < 1 min' });
    expect(countdown(0, 'hr')).toBe('kasni < 1 min');
    expect(countdown(-59, 'en')).toBe('overdue < 1 min');
    expect(countdown(-60, 'en')).toBe('overdue 1 min');
    expect(countdown(-(18 * 60 + 30), 'en')).toBe('overdue 18 min');
    expect(countdown(-(18 * 60 + 30), 'hr')).toBe('kasni 18 min');
    expect(countdown(3_600, 'en')).toBe('due in 1 h');
    expect(countdown(-3_600, 'hr')).toBe('kasni 1 h');
    expect(countdown(86_400, 'hr')).toBe('rok za 1 d');
    expect(countdown(86_400 + 5 * 3600 + 30 * 60, 'en')).toBe('due in 1 d 5 h');
    expect(countdown(-(2 * 86_400 + 3 * 3600), 'hr')).toBe('kasni 2 d 3 h');
    // The server says breached while this browser's clock is a few seconds behind: overdue, not "due in".
    expect(formatCountdown(3, 'en', true)).toEqual({ overdue: true, text: 'overdue < 1 min' });
  });

  it('writes sizes with the language’s decimal mark', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'hr')).toBe('1,5 KB');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
  });

  it('says how long ago, in both languages', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(formatRelative('2026-11-24T11:57:00Z', now, 'en')).toBe('3 minutes ago');
    expect(formatRelative('2026-11-24T11:57:00Z', now, 'hr')).toBe('prije 3 minute');
    expect(formatRelative('2026-11-24T11:59:20Z', now, 'en', 'short')).toMatch(/^40 sec\.? ago$/);
    expect(formatRelative('2026-11-24T11:59:20Z', now, 'hr', 'short')).toBe('prije 40 s');
  });

  it('says "upravo sada" / "just now" under a minute, not Intl’s bare "sad" / "now"', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(formatRelative('2026-11-24T11:59:30Z', now, 'hr')).toBe('upravo sada');
    expect(formatRelative('2026-11-24T11:59:30Z', now, 'en')).toBe('just now');
    expect(formatRelative('2026-11-24T11:59:57Z', now, 'hr', 'short')).toBe('upravo sada');
    expect(formatRelative('2026-11-24T12:00:00Z', now, 'en', 'short')).toBe('just now');
  });

  it('shows an incident time in the stated zone, CET in winter and CEST in summer', () => {
    expect(formatInZone('2026-11-24T13:30:00Z', 'Europe/Zagreb', 'en')).toMatch(/14:30.*(CET|GMT\+1)/);
    expect(formatInZone('2026-07-01T13:30:00Z', 'Europe/Zagreb', 'en')).toMatch(/15:30.*(CEST|GMT\+2)/);
    expect(formatInZone('2026-11-24T13:30:00Z', '+02:00', 'en')).toMatch(/15:30 UTC\+02:00$/);
    expect(formatInZone('2026-11-24T13:30:00Z', 'Mars/Olympus', 'en')).toBeNull();
  });
});

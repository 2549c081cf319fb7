import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDuration, formatDurationRange, formatInZone, formatRelative } from './format';

describe('ticket formatting (what customers and agents read)', () => {
  it('shows durations as their two largest units', () => {
    expect(formatDuration(42, 'en')).toBe('42 s');
    expect(formatDuration(252, 'hr')).toBe('4 min 12 s');
    expect(formatDuration(7_505, 'en')).toBe('2 h 5 min');
    expect(formatDuration(3_605, 'en')).toBe('1 h'); // "1 h 5 s" would mislead
    expect(formatDuration(0.4, 'en')).toBe('< 1 s');
    expect(formatDuration(0, 'en')).toBe('0 s');
  });

  it('shows promised ranges compactly (R16: email 15–30 minutes)', () => {
    expect(formatDurationRange(900, 1800, 'hr')).toBe('15–30 min');
    expect(formatDurationRange(3600, 7200, 'en')).toBe('1–2 h');
    expect(formatDurationRange(50, 120, 'en')).toBe('50–120 s');
  });

  it('counts down like a clock', () => {
    expect(formatClock(252)).toBe('4:12');
    expect(formatClock(-3_852)).toBe('1:04:12');
    expect(formatClock(2 * 86_400 + 11_052)).toBe('2 d 03:04:12');
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

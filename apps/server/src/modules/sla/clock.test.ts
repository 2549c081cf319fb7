import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '@centrala/contracts';
import { dueAfter, warningAt } from './clock.js';

describe('SLA clock (R7)', () => {
  it('runs 24/7 by default: a 10-minute target is due 10 minutes later, at night too', () => {
    const from = new Date('2026-11-22T02:13:00Z'); // a Sunday night
    expect(dueAfter(from, 600, null).toISOString()).toBe('2026-11-22T02:23:00.000Z');
  });

  const office: BusinessHours = {
    zone: 'Europe/Zagreb',
    days: { '1': ['08:00', '16:00'], '2': ['08:00', '16:00'], '3': ['08:00', '16:00'], '4': ['08:00', '16:00'], '5': ['08:00', '16:00'] },
  };

  it('counts only business hours when a policy has them', () => {
    // Friday 15:55 Zagreb (CET, UTC+1): 5 minutes left on Friday, 5 on Monday from 08:00.
    expect(dueAfter(new Date('2026-11-20T14:55:00Z'), 600, office).toISOString()).toBe('2026-11-23T07:05:00.000Z');
  });

  it('starts counting at opening time for a ticket filed at night', () => {
    expect(dueAfter(new Date('2026-11-24T02:00:00Z'), 600, office).toISOString()).toBe('2026-11-24T07:10:00.000Z');
  });

  it('follows summer time in the policy zone', () => {
    // Monday 2026-06-01 07:59 Zagreb = 05:59 UTC (CEST); opening at 08:00 CEST = 06:00 UTC.
    expect(dueAfter(new Date('2026-06-01T05:59:00Z'), 60, office).toISOString()).toBe('2026-06-01T06:01:00.000Z');
  });

  it('counts a day open until 24:00 to midnight', () => {
    const lateShift: BusinessHours = { zone: 'UTC', days: { '2': ['22:00', '24:00'], '3': ['00:00', '06:00'] } };
    // Tuesday 23:55 UTC: 5 minutes before midnight, 5 after.
    expect(dueAfter(new Date('2026-11-24T23:55:00Z'), 600, lateShift).toISOString()).toBe('2026-11-25T00:05:00.000Z');
  });

  it('warns when 80 % of the clock is gone', () => {
    expect(warningAt(new Date('2026-11-24T10:10:00Z'), 600_000).toISOString()).toBe('2026-11-24T10:08:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '@centrala/contracts';
import { dueAfter, nextOpening, warningAt } from './clock.js';

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

  /**
   * The walk jumps from edge to edge; this is the rule it must keep, minute by
   * minute (a Date's wall time read in the zone), checked at random instants
   * over a year, summer-time changes included.
   */
  describe('jumps between edges exactly where a minute-by-minute walk ends', () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    const wall = (at: number, zone: string) => {
      if (!formats.has(zone))
        formats.set(
          zone,
          new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
        );
      const parts = formats.get(zone)!.formatToParts(at);
      const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      return {
        day: String(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1),
        time: `${get('hour')}:${get('minute')}`,
      };
    };
    const isOpen = (at: number, hours: BusinessHours) => {
      const { day, time } = wall(at, hours.zone);
      const window = hours.days[day as keyof BusinessHours['days']];
      return !!window && time >= window[0] && time < window[1];
    };
    const minuteWalk = (from: Date, seconds: number, hours: BusinessHours) => {
      let remaining = seconds * 1000;
      let t = from.getTime();
      while (remaining > 0) {
        const step = 60_000 - (t % 60_000);
        const used = isOpen(t, hours) ? Math.min(step, remaining) : step;
        if (isOpen(t, hours)) remaining -= used;
        t += used;
      }
      return t;
    };
    // Each with targets it can meet within weeks (the walk is bounded to a year; ten minutes a week are not three days).
    const calendars: { hours: BusinessHours; targets: number[] }[] = [
      { hours: office, targets: [45, 600, 3600, 8 * 3600, 3 * 86400] },
      {
        hours: { zone: 'America/New_York', days: { '1': ['09:30', '17:45'], '3': ['00:00', '24:00'], '6': ['10:00', '12:00'] } },
        targets: [45, 600, 3600, 8 * 3600, 2 * 86400],
      },
      {
        hours: { zone: 'Australia/Lord_Howe', days: { '2': ['01:00', '03:30'], '7': ['02:15', '24:00'] } },
        targets: [45, 600, 3600, 86400],
      },
      { hours: { zone: 'Asia/Kathmandu', days: { '4': ['08:10', '08:20'] } }, targets: [45, 590] },
    ];
    // A fixed sequence, so a failure reproduces: instants over 2026, targets from seconds to three days.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const { hours, targets } of calendars) {
      it(`in ${hours.zone}`, () => {
        for (let i = 0; i < 25; i++) {
          const from = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 86400_000) + Math.floor(random() * 60) * 1000);
          const seconds = targets[i % targets.length]!;
          expect(dueAfter(from, seconds, hours).getTime(), `${from.toISOString()} + ${seconds} s`).toBe(minuteWalk(from, seconds, hours));
          expect(nextOpening(from, hours).getTime(), `opening after ${from.toISOString()}`).toBe(minuteWalk(from, 0.001, hours) - 1);
        }
      });
    }
  });
});

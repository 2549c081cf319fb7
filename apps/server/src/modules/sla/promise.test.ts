import type { BusinessHours } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { dueAfter } from './clock.js';
import { firstResponsePromise } from './promise.js';

// Regular tickets as the issue found them: Monday to Friday 08:00–16:00 in Zagreb (CET in December, UTC+1).
const weekdays: BusinessHours = {
  zone: 'Europe/Zagreb',
  days: { '1': ['08:00', '16:00'], '2': ['08:00', '16:00'], '3': ['08:00', '16:00'], '4': ['08:00', '16:00'], '5': ['08:00', '16:00'] },
};
const tenMinutes = { firstResponseSeconds: 600, businessHours: weekdays };
// 2026-12-06 is a Sunday.
const zagreb = (day: number, time: string) => new Date(`2026-12-${String(day).padStart(2, '0')}T${time}:00+01:00`);

describe('the first answer promised (issue 10 point 1, R7)', () => {
  it('promises the plain target while open', () => {
    expect(firstResponsePromise(tenMinutes, zagreb(8, '10:00'))).toEqual({ en: 'within 10 minutes', hr: 'u roku od 10 minuta' });
  });

  it('counts from the next opening when written in the evening', () => {
    expect(firstResponsePromise(tenMinutes, zagreb(8, '18:30'))).toEqual({
      en: 'within 10 minutes of our opening on Wednesday at 08:00',
      hr: 'u roku od 10 minuta od našeg otvaranja u srijedu u 08:00',
    });
  });

  it('counts from Monday morning when written at the weekend, as the clock does', () => {
    const sunday = zagreb(6, '13:00');
    expect(firstResponsePromise(tenMinutes, sunday)).toEqual({
      en: 'within 10 minutes of our opening on Monday at 08:00',
      hr: 'u roku od 10 minuta od našeg otvaranja u ponedjeljak u 08:00',
    });
    expect(dueAfter(sunday, 600, weekdays)).toEqual(zagreb(7, '08:10'));
  });

  it('names the due time when the target runs over a closing', () => {
    expect(firstResponsePromise(tenMinutes, zagreb(11, '15:55'))).toEqual({ en: 'by Monday at 08:05', hr: 'do ponedjeljka u 08:05' });
  });

  it('adds the date when the opening is a week away, so the weekday cannot be read as the nearer one', () => {
    const mondaysOnly = {
      firstResponseSeconds: 600,
      businessHours: { zone: 'Europe/Zagreb', days: { '1': ['08:00', '16:00'] } } as BusinessHours,
    };
    expect(firstResponsePromise(mondaysOnly, zagreb(7, '17:00'))).toEqual({
      en: 'within 10 minutes of our opening on Monday 14 December at 08:00',
      hr: 'u roku od 10 minuta od našeg otvaranja u ponedjeljak 14. prosinca u 08:00',
    });
  });

  it('follows the zone of the business hours, not the server', () => {
    const tokyo = { firstResponseSeconds: 3600, businessHours: { ...weekdays, zone: 'Asia/Tokyo' } };
    // Tuesday 18:30 in Zagreb is Wednesday 02:30 in Tokyo: closed until 08:00 there.
    expect(firstResponsePromise(tokyo, zagreb(8, '18:30')).en).toBe('within 1 hour of our opening on Wednesday at 08:00');
  });

  it('promises the plain target at any hour without business hours (24/7)', () => {
    const always = { firstResponseSeconds: 600, businessHours: null };
    for (const at of [zagreb(6, '03:00'), zagreb(8, '10:00'), zagreb(8, '23:59')]) {
      expect(firstResponsePromise(always, at)).toEqual({ en: 'within 10 minutes', hr: 'u roku od 10 minuta' });
    }
    expect(firstResponsePromise({ firstResponseSeconds: 2 * 3600, businessHours: null }, zagreb(6, '03:00'))).toEqual({
      en: 'within 2 hours',
      hr: 'u roku od 2 sata',
    });
  });
});

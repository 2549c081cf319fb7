import { describe, expect, it } from 'vitest';
import { businessHoursProblems } from './business-hours.js';

describe('business hours of an SLA policy (R7)', () => {
  it('accepts an office week in any IANA zone', () => {
    expect(businessHoursProblems({ zone: 'Europe/Zagreb', days: { '1': ['08:00', '16:00'], '5': ['08:00', '24:00'] } })).toEqual([]);
    expect(businessHoursProblems({ zone: 'America/New_York', days: { '7': ['00:00', '24:00'] } })).toEqual([]);
  });

  it('names each problem with its field, in both languages', () => {
    const problems = businessHoursProblems({ zone: 'Mars/Olympus', days: { '2': ['16:00', '08:00'], '3': ['09:00', '09:00'] } });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['businessHours.zone', 'invalid_zone'],
      ['businessHours.days.2', 'closes_before_opening'],
      ['businessHours.days.3', 'closes_before_opening'],
    ]);
    expect(problems[1]!.message.hr).toBe('Vrijeme zatvaranja mora biti nakon vremena otvaranja.');
  });

  it('refuses hours with no open day: the clock would never run', () => {
    expect(businessHoursProblems({ zone: 'UTC', days: {} }).map((p) => p.code)).toEqual(['no_open_day']);
  });
});

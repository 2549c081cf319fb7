import { describe, expect, it } from 'vitest';
import { findStartTime } from './start-time.js';

/** Tuesday 24 November 2026, 16:00 in Zagreb (CET, +01:00). */
const WINTER = new Date('2026-11-24T15:00:00Z');
/** Wednesday 15 July 2026, 16:00 in Zagreb (CEST, +02:00). */
const SUMMER = new Date('2026-07-15T14:00:00Z');

const find = (text: string, now = WINTER, defaultZone = 'Europe/Zagreb') => findStartTime(text, { now, defaultZone });
const utc = (text: string, now = WINTER, defaultZone = 'Europe/Zagreb') => find(text, now, defaultZone)?.utc ?? null;

describe('findStartTime: zones', () => {
  it.each([
    ['since 14:30 CET', '2026-11-24T13:30:00.000Z', '+01:00', '14:30 CET'],
    ['from 14:30 CEST today', '2026-11-24T12:30:00.000Z', '+02:00', '14:30 CEST today'],
    ['at 14:30 (Europe/London)', '2026-11-24T14:30:00.000Z', 'Europe/London', '14:30 (Europe/London)'],
    ['down since 14:30 UTC', '2026-11-24T14:30:00.000Z', 'UTC', '14:30 UTC'],
    ['od 14:30 GMT', '2026-11-24T14:30:00.000Z', 'UTC', '14:30 GMT'],
    ['since 14:30 GMT+2', '2026-11-24T12:30:00.000Z', '+02:00', '14:30 GMT+2'],
    ['since 9:30 UTC-5', '2026-11-24T14:30:00.000Z', '-05:00', '9:30 UTC-5'],
    ['od 14:30 +02:00', '2026-11-24T12:30:00.000Z', '+02:00', '14:30 +02:00'],
    ['od 14:30 po UTC-u', '2026-11-24T14:30:00.000Z', 'UTC', '14:30 po UTC-u'],
    ['od 14:30 SEV', '2026-11-24T13:30:00.000Z', '+01:00', '14:30 SEV'],
    ['od 14:30 (CET)', '2026-11-24T13:30:00.000Z', '+01:00', '14:30 (CET)'],
  ])('%j', (text, expected, zone, source) => {
    expect(find(text)).toEqual({ utc: expected, zone, zoneStated: true, source });
  });

  it('reads CET and CEST literally as +01:00 and +02:00, whatever the season', () => {
    expect(utc('since 10:00 CET', SUMMER)).toBe('2026-07-15T09:00:00.000Z');
    expect(utc('since 10:00 CEST', SUMMER)).toBe('2026-07-15T08:00:00.000Z');
    expect(utc('since 10:00 CEST', WINTER)).toBe('2026-11-24T08:00:00.000Z');
  });

  it('assumes the default zone for a bare time, with the offset of the season', () => {
    expect(find('od 10:00')).toEqual({ utc: '2026-11-24T09:00:00.000Z', zone: 'Europe/Zagreb', zoneStated: false, source: '10:00' });
    expect(utc('od 10:00', SUMMER)).toBe('2026-07-15T08:00:00.000Z');
    expect(find('od 10:00', WINTER, 'America/New_York')).toMatchObject({
      utc: '2026-11-24T15:00:00.000Z',
      zone: 'America/New_York',
      zoneStated: false,
    });
  });

  it('applies a zone stated elsewhere in the text to times without one', () => {
    expect(find('Ne radi od 9:00. Vremenska zona: America/New_York')).toMatchObject({
      utc: '2026-11-24T14:00:00.000Z',
      zone: 'America/New_York',
      zoneStated: true,
    });
    expect(find('My time zone is Europe/London. Down since 9:00.')).toMatchObject({
      utc: '2026-11-24T09:00:00.000Z',
      zone: 'Europe/London',
      zoneStated: true,
    });
    expect(find('All times in UTC. Since 9:00.')).toMatchObject({ utc: '2026-11-24T09:00:00.000Z', zone: 'UTC' });
  });

  it('prefers the zone written with the time over a stated one', () => {
    expect(find('time zone: Europe/London. Since 9:00 CET')).toMatchObject({ utc: '2026-11-24T08:00:00.000Z', zone: '+01:00' });
  });

  it('knows common fixed abbreviations in capitals, not English words', () => {
    expect(find('Website down since 8:15am EST')).toMatchObject({ utc: '2026-11-24T13:15:00.000Z', zone: '-05:00', zoneStated: true });
    expect(find('since 9:00 BST')).toMatchObject({ utc: '2026-11-24T08:00:00.000Z', zone: '+01:00' });
    expect(find('since 9:00 west wing')).toMatchObject({ zone: 'Europe/Zagreb', zoneStated: false, source: '9:00' });
  });

  it('ignores words with a slash that are not zones', () => {
    expect(find('od 14:30 and/or later')).toMatchObject({ zone: 'Europe/Zagreb', zoneStated: false, source: '14:30' });
  });
});

describe('findStartTime: dates', () => {
  it.each([
    ['2026-11-24 14:30', '2026-11-24T13:30:00.000Z', '2026-11-24 14:30'],
    ['2026-11-24T14:30:00Z', '2026-11-24T14:30:00.000Z', '2026-11-24T14:30:00Z'],
    ['2026-11-24T14:30+01:00', '2026-11-24T13:30:00.000Z', '2026-11-24T14:30+01:00'],
    ['2026-11-20T14:30:00.250-05:00', '2026-11-20T19:30:00.000Z', '2026-11-20T14:30:00.250-05:00'],
    ['24.11.2026. u 14:30', '2026-11-24T13:30:00.000Z', '24.11.2026. u 14:30'],
    ['24. 11. 2026 14:30h', '2026-11-24T13:30:00.000Z', '24. 11. 2026 14:30h'],
    ['24.11. u 14.30', '2026-11-24T13:30:00.000Z', '24.11. u 14.30'],
    ['od 22.11.26 u 8:00', '2026-11-22T07:00:00.000Z', '22.11.26 u 8:00'],
    ['since 22/11/2026 08:00', '2026-11-22T07:00:00.000Z', '22/11/2026 08:00'],
    ['since November 22, 2026 at 2:30 pm', '2026-11-22T13:30:00.000Z', 'November 22, 2026 at 2:30 pm'],
    ['od 22. studenoga u 14:30', '2026-11-22T13:30:00.000Z', '22. studenoga u 14:30'],
    ['od 22. studenog 2026. oko 14:30', '2026-11-22T13:30:00.000Z', '22. studenog 2026. oko 14:30'],
  ])('%j', (text, expected, source) => {
    expect(find(text)).toMatchObject({ utc: expected, source });
  });

  it('marks ISO times with Z or an offset as stated and plain dates as assumed', () => {
    expect(find('2026-11-24T14:30:00Z')?.zoneStated).toBe(true);
    expect(find('2026-11-24 14:30')?.zoneStated).toBe(false);
  });

  it('uses the previous year for a date without year that would be in the future', () => {
    const jan = new Date('2026-01-05T10:00:00Z');
    expect(utc('od 28.12. u 10:00', jan)).toBe('2025-12-28T09:00:00.000Z');
    expect(utc('od 2.1. u 10:00', jan)).toBe('2026-01-02T09:00:00.000Z');
  });

  it('does not move an explicit full date to another year', () => {
    expect(utc('2025-12-24 10:00')).toBe('2025-12-24T09:00:00.000Z');
  });

  it('uses a date mentioned just before the time in the same clause', () => {
    expect(find('On 22.11. the server went down at 14:30')).toMatchObject({
      utc: '2026-11-22T13:30:00.000Z',
      source: '22.11. the server went down at 14:30',
    });
  });

  it('does not read the second date of a range as a time', () => {
    expect(find('Ne radi od 12.11. - 13.11.')).toBeNull();
    expect(find('24.11. u 14.30.')).toMatchObject({ utc: '2026-11-24T13:30:00.000Z', source: '24.11. u 14.30' });
  });

  it('reads "u 12.10." at the end of a sentence as a time, "od 12.10." as a date', () => {
    expect(utc('Ne radi od jutros u 12.10.')).toBe('2026-11-24T11:10:00.000Z');
    expect(utc('od 12.10. u 8:00')).toBe('2026-10-12T06:00:00.000Z');
  });
});

describe('findStartTime: days and the future rule', () => {
  it.each([
    ['yesterday at 23:10', '2026-11-23T22:10:00.000Z', 'yesterday at 23:10'],
    ['jučer u 23:10', '2026-11-23T22:10:00.000Z', 'jučer u 23:10'],
    ['jucer u 23:10', '2026-11-23T22:10:00.000Z', 'jucer u 23:10'],
    ['sinoć oko 23:10', '2026-11-23T22:10:00.000Z', 'sinoć oko 23:10'],
    ['u 23:10 jučer', '2026-11-23T22:10:00.000Z', '23:10 jučer'],
    ['prekjučer u 10:00', '2026-11-22T09:00:00.000Z', 'prekjučer u 10:00'],
    ['jutros u 9:15', '2026-11-24T08:15:00.000Z', 'jutros u 9:15'],
    ['this morning at 9:15', '2026-11-24T08:15:00.000Z', 'this morning at 9:15'],
    ['since last night at 11 pm', '2026-11-23T22:00:00.000Z', 'last night at 11 pm'],
    ['Server je pao jučer oko 23:10', '2026-11-23T22:10:00.000Z', 'jučer oko 23:10'],
  ])('%j', (text, expected, source) => {
    expect(find(text)).toMatchObject({ utc: expected, source });
  });

  it('does not take a day word from the next clause', () => {
    expect(find('issue since 11:00, yesterday it was fine')).toMatchObject({ utc: '2026-11-24T10:00:00.000Z', source: '11:00' });
  });

  it('reads "sinoć" with a small hour as the night that just ended', () => {
    expect(utc('sinoć oko 1:30')).toBe('2026-11-24T00:30:00.000Z');
  });

  it('resolves weekdays to the most recent one', () => {
    expect(utc('od ponedjeljka u 14h')).toBe('2026-11-23T13:00:00.000Z');
    expect(utc('since Friday 9:00')).toBe('2026-11-20T08:00:00.000Z');
    // Tuesday 17:00 is still ahead at 16:00 on a Tuesday: a week ago.
    expect(utc('since Tuesday 17:00')).toBe('2026-11-17T16:00:00.000Z');
  });

  it('uses yesterday when today would put the time in the future', () => {
    expect(utc('od 17:30')).toBe('2026-11-23T16:30:00.000Z');
    expect(utc('od 15:59')).toBe('2026-11-24T14:59:00.000Z');
  });

  it('allows a few minutes of clock difference before calling it yesterday', () => {
    expect(utc('od 16:05')).toBe('2026-11-24T15:05:00.000Z');
    expect(utc('od 16:15')).toBe('2026-11-23T15:15:00.000Z');
  });

  it('takes "today" from the zone, not from UTC', () => {
    // 00:30 on 25 November in Zagreb, still 24 November in UTC.
    const late = new Date('2026-11-24T23:30:00Z');
    expect(utc('od 00:10', late)).toBe('2026-11-24T23:10:00.000Z');
    expect(utc('od 23:50', late)).toBe('2026-11-24T22:50:00.000Z');
    expect(utc('since 00:10 UTC', late)).toBe('2026-11-24T00:10:00.000Z');
  });

  it('crosses month and year boundaries for yesterday', () => {
    expect(utc('jučer u 23:10', new Date('2027-01-01T08:00:00Z'))).toBe('2026-12-31T22:10:00.000Z');
  });
});

describe('findStartTime: DST', () => {
  it('shifts a time in the spring-forward gap forward', () => {
    expect(find('2026-03-29 02:30')).toMatchObject({ utc: '2026-03-29T01:30:00.000Z', zone: 'Europe/Zagreb' });
  });

  it('takes the earlier (CEST) reading of a time in the autumn overlap', () => {
    expect(utc('2026-10-25 02:30')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('uses CEST for yesterday evening when today is the first CET day', () => {
    const firstCetDay = new Date('2026-10-25T12:00:00Z');
    expect(utc('jučer u 22:00', firstCetDay)).toBe('2026-10-24T20:00:00.000Z');
    expect(utc('od 10:00', firstCetDay)).toBe('2026-10-25T09:00:00.000Z');
  });

  it('reads an explicit +02:00 literally across the change', () => {
    expect(utc('2026-10-25T02:30+01:00')).toBe('2026-10-25T01:30:00.000Z');
  });
});

describe('findStartTime: time forms', () => {
  it.each([
    ['started at 2:30 pm', '2026-11-24T13:30:00.000Z'],
    ['started at 2:30 p.m.', '2026-11-24T13:30:00.000Z'],
    ['since 12:15 am', '2026-11-23T23:15:00.000Z'],
    ['since 12 pm', '2026-11-24T11:00:00.000Z'],
    ['since 9am', '2026-11-24T08:00:00.000Z'],
    ['od 14:30 sati', '2026-11-24T13:30:00.000Z'],
    ['danas od 14h', '2026-11-24T13:00:00.000Z'],
    ['od 14 h', '2026-11-24T13:00:00.000Z'],
    ['od 9 sati', '2026-11-24T08:00:00.000Z'],
    ['u 2 popodne', '2026-11-24T13:00:00.000Z'],
    ['jučer u 8 navečer', '2026-11-23T19:00:00.000Z'],
    ['Početak: 14:30', '2026-11-24T13:30:00.000Z'],
    ['cca. 14:30', '2026-11-24T13:30:00.000Z'],
    ['14:30-15:00 nije radilo', '2026-11-24T13:30:00.000Z'],
  ])('%j', (text, expected) => {
    expect(utc(text)).toBe(expected);
  });

  it('reads relative times as minutes before now', () => {
    expect(find('prije 20 minuta')).toEqual({
      utc: '2026-11-24T14:40:00.000Z',
      zone: 'Europe/Zagreb',
      zoneStated: true,
      source: 'prije 20 minuta',
    });
    expect(utc('prije pola sata')).toBe('2026-11-24T14:30:00.000Z');
    expect(utc('počelo je prije sat vremena')).toBe('2026-11-24T14:00:00.000Z');
    expect(utc('prije 2 sata')).toBe('2026-11-24T13:00:00.000Z');
    expect(utc('started 2 hours ago')).toBe('2026-11-24T13:00:00.000Z');
    expect(utc('about an hour ago')).toBe('2026-11-24T14:00:00.000Z');
    expect(utc('15 min ago')).toBe('2026-11-24T14:45:00.000Z');
    // Texts without a digit are read only for 'ago' and 'prije', in any case.
    expect(utc('DOWN SINCE ABOUT AN HOUR AGO')).toBe('2026-11-24T14:00:00.000Z');
    expect(utc('Prije dva sata je pao')).toBe('2026-11-24T13:00:00.000Z');
    expect(find('Poslužitelj ne odgovara od jutros.')).toBeNull();
  });

  it('rejects impossible clock times', () => {
    expect(find('od 25:00')).toBeNull();
    expect(find('od 14:75')).toBeNull();
    expect(find('since 13 pm')).toBeNull();
  });
});

describe('findStartTime: things that are not start times', () => {
  it.each([
    'Server 192.0.2.1:22 ne odgovara',
    'IPv6 2001:db8::14:30 ne radi',
    'nginx 1.18.0, PHP 8.2.10',
    'Narudžba #123456',
    'down for 30 minutes',
    'ne radi već 2h',
    'server is down for 2h',
    'za 2 sata restart',
    'trajalo je 1.30 sati',
    'cijena 14.30 EUR',
    'tel. 01 2345 678',
    'ratio 1:5',
    '',
  ])('%j', (text) => {
    expect(find(text)).toBeNull();
  });

  it('does not read an offset after a time as another time', () => {
    expect(find('od 14:30 +02:00')?.source).toBe('14:30 +02:00');
  });
});

describe('findStartTime: choosing among several times', () => {
  it('prefers a start phrase over a plain "at"', () => {
    expect(find('At 15:00 I noticed it, but it has been down since 14:30')?.source).toBe('14:30');
    expect(find('Primijetio sam u 15:30, ali ne radi od 14:45.')?.source).toBe('14:45');
  });

  it('takes the first of several start phrases', () => {
    expect(find('Started at 14:30, and since 15:00 we cannot log in')?.source).toBe('14:30');
  });

  it('takes the first time of a range', () => {
    expect(find('between 14:00 and 15:00')?.source).toBe('14:00');
    expect(find('od 14:00 do 15:00')?.source).toBe('14:00');
  });

  it('takes the first time when none has a start phrase', () => {
    expect(find('14:30 prvi put, 15:10 drugi put')?.source).toBe('14:30');
  });

  it('ignores times in pasted log lines when the prose has a start phrase', () => {
    const text = [
      'Nov 24 13:02:11 web1 nginx[881]: connect() failed (111: Connection refused)',
      'Nov 24 13:02:12 web1 nginx[881]: connect() failed (111: Connection refused)',
      'Ne radi od 12:55.',
    ].join('\n');
    expect(find(text)).toMatchObject({ utc: '2026-11-24T11:55:00.000Z', source: '12:55' });
  });

  it('ignores a start word inside a fenced log', () => {
    const text = '```\n[2026-11-24 13:00:00] started backup at 13:00\n```\nA onda od 13:20 ništa.';
    expect(find(text)?.source).toBe('13:20');
  });

  it('falls back to the first log timestamp when there is no start phrase', () => {
    const text = 'Evo loga:\n2026-11-24 13:02:11 ERROR upstream timed out\n2026-11-24 13:02:15 ERROR upstream timed out';
    expect(find(text)).toMatchObject({ utc: '2026-11-24T12:02:11.000Z', source: '2026-11-24 13:02:11' });
  });

  it('reads access-log timestamps with their offset', () => {
    const text = '203.0.113.9 - - [24/Nov/2026:14:30:01 +0100] "GET / HTTP/1.1" 502 157';
    expect(find(text)).toMatchObject({ utc: '2026-11-24T13:30:01.000Z', zone: '+01:00', zoneStated: true });
  });
});

describe('findStartTime: only what has already happened', () => {
  it('passes over a dated time still ahead, to the start that has been', () => {
    expect(utc('od 25.11.2026. u 10:00')).toBeNull();
    expect(utc('Migracija je planirana 25.11.2026. u 10:00, a poslužitelj ne radi od 24.11.2026. u 9:15.')).toBe(
      '2026-11-24T08:15:00.000Z',
    );
  });
});

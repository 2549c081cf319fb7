import { describe, expect, it } from 'vitest';
import { isValidZone, offsetMinutes, parseZonedTime, zoneAbbreviation } from './zones.js';

describe('isValidZone', () => {
  it('accepts IANA names in any case, UTC and fixed offsets', () => {
    expect(isValidZone('Europe/Zagreb')).toBe(true);
    expect(isValidZone('america/new_york')).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('+02:00')).toBe(true);
    expect(isValidZone('-05:30')).toBe(true);
  });

  it('rejects unknown names, empty strings and impossible offsets', () => {
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidZone('')).toBe(false);
    expect(isValidZone('+15:00')).toBe(false);
    expect(isValidZone('+02:75')).toBe(false);
    expect(isValidZone('2')).toBe(false);
  });
});

describe('parseZonedTime', () => {
  it('uses CET (+01:00) in winter and CEST (+02:00) in summer for Europe/Zagreb', () => {
    expect(parseZonedTime('2026-11-24T14:30', 'Europe/Zagreb').toISOString()).toBe('2026-11-24T13:30:00.000Z');
    expect(parseZonedTime('2026-07-15T14:30', 'Europe/Zagreb').toISOString()).toBe('2026-07-15T12:30:00.000Z');
  });

  it('shifts a time in the spring-forward gap forward by the gap (02:30 -> 03:30 CEST)', () => {
    expect(parseZonedTime('2026-03-29T02:30', 'Europe/Zagreb').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parseZonedTime('2026-03-08T02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('takes the earlier instant (the summer offset) for a time in the autumn overlap', () => {
    expect(parseZonedTime('2026-10-25T02:30', 'Europe/Zagreb').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parseZonedTime('2026-11-01T01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('handles the hours right around the transitions', () => {
    expect(parseZonedTime('2026-03-29T01:59', 'Europe/Zagreb').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(parseZonedTime('2026-03-29T03:00', 'Europe/Zagreb').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(parseZonedTime('2026-10-25T03:00', 'Europe/Zagreb').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('handles fixed offsets, UTC, half-hour zones and seconds', () => {
    expect(parseZonedTime('2026-11-24T14:30', '+02:00').toISOString()).toBe('2026-11-24T12:30:00.000Z');
    expect(parseZonedTime('2026-11-24T14:30', '-05:30').toISOString()).toBe('2026-11-24T20:00:00.000Z');
    expect(parseZonedTime('2026-11-24T14:30', 'UTC').toISOString()).toBe('2026-11-24T14:30:00.000Z');
    expect(parseZonedTime('2026-11-24T14:30', 'Asia/Kolkata').toISOString()).toBe('2026-11-24T09:00:00.000Z');
    expect(parseZonedTime('2026-11-24T14:30:15', 'UTC').toISOString()).toBe('2026-11-24T14:30:15.000Z');
  });

  it('throws RangeError for malformed or impossible local times and unknown zones', () => {
    expect(() => parseZonedTime('24.11.2026 14:30', 'UTC')).toThrow(RangeError);
    expect(() => parseZonedTime('2026-02-30T10:00', 'UTC')).toThrow(RangeError);
    expect(() => parseZonedTime('2026-11-24T24:00', 'UTC')).toThrow(RangeError);
    expect(() => parseZonedTime('2026-11-24T10:00', 'Nowhere/Town')).toThrow(RangeError);
  });
});

describe('offsetMinutes', () => {
  it('reads the offset at an instant', () => {
    expect(offsetMinutes('Europe/Zagreb', new Date('2026-03-29T00:59:00Z'))).toBe(60);
    expect(offsetMinutes('Europe/Zagreb', new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetMinutes('America/St_Johns', new Date('2026-01-10T12:00:00Z'))).toBe(-210);
  });
});

describe('zoneAbbreviation', () => {
  it('says CET in winter and CEST in summer for Central European zones', () => {
    expect(zoneAbbreviation('Europe/Zagreb', new Date('2026-01-15T12:00:00Z'))).toBe('CET');
    expect(zoneAbbreviation('Europe/Zagreb', new Date('2026-07-15T12:00:00Z'))).toBe('CEST');
    expect(zoneAbbreviation('Europe/Berlin', new Date('2026-07-15T12:00:00Z'))).toBe('CEST');
  });

  it('switches exactly at the transition', () => {
    expect(zoneAbbreviation('Europe/Zagreb', new Date('2026-10-25T00:59:59Z'))).toBe('CEST');
    expect(zoneAbbreviation('Europe/Zagreb', new Date('2026-10-25T01:00:00Z'))).toBe('CET');
  });

  it('falls back to Intl short names elsewhere', () => {
    expect(zoneAbbreviation('UTC', new Date('2026-07-15T12:00:00Z'))).toBe('UTC');
    expect(zoneAbbreviation('America/New_York', new Date('2026-07-15T12:00:00Z'))).toBe('EDT');
    expect(zoneAbbreviation('Europe/London', new Date('2026-07-15T12:00:00Z'))).toMatch(/^(GMT\+1|BST)$/);
  });

  it('names fixed offsets like Intl does', () => {
    expect(zoneAbbreviation('+02:00', new Date())).toBe('GMT+2');
    expect(zoneAbbreviation('-05:30', new Date())).toBe('GMT-5:30');
    expect(zoneAbbreviation('+00:00', new Date())).toBe('UTC');
  });

  it('throws for an unknown zone', () => {
    expect(() => zoneAbbreviation('Nowhere/Town', new Date())).toThrow(RangeError);
  });
});

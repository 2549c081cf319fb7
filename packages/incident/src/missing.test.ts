import { describe, expect, it } from 'vitest';
import type { Extraction } from './extract.js';
import { missingDetails } from './missing.js';

const empty: Extraction = {
  ipAddresses: [],
  orderNumbers: [],
  services: [],
  unknownIpAddresses: [],
  unknownOrderNumbers: [],
  startedAt: null,
  hasDiagnostics: false,
};

describe('missingDetails', () => {
  it('lists everything for an empty extraction, in document order', () => {
    expect(missingDetails(empty)).toEqual(['ip_or_order', 'service', 'start_time', 'diagnostics']);
  });

  it('an IP or an order number satisfies ip_or_order, even if unknown, but not service', () => {
    expect(missingDetails({ ...empty, ipAddresses: ['203.0.113.1'], unknownIpAddresses: ['203.0.113.1'] })).toEqual([
      'service',
      'start_time',
      'diagnostics',
    ]);
    expect(missingDetails({ ...empty, orderNumbers: ['123456'] })).toEqual(['service', 'start_time', 'diagnostics']);
  });

  it('a matched service satisfies service but not ip_or_order', () => {
    expect(missingDetails({ ...empty, services: [{ id: 'a', name: 'A', matchedBy: 'name' }] })).toEqual([
      'ip_or_order',
      'start_time',
      'diagnostics',
    ]);
  });

  it('a service chosen in the form satisfies both ip_or_order and service', () => {
    expect(missingDetails(empty, { serviceId: 'svc-1' })).toEqual(['start_time', 'diagnostics']);
  });

  it('a start time from the form or the text satisfies start_time', () => {
    expect(missingDetails(empty, { startedAt: '2026-11-24T13:30:00Z' })).toEqual(['ip_or_order', 'service', 'diagnostics']);
    const startedAt = { utc: '2026-11-24T13:30:00.000Z', zone: 'Europe/Zagreb', zoneStated: false, source: '14:30' };
    expect(missingDetails({ ...empty, startedAt })).toEqual(['ip_or_order', 'service', 'diagnostics']);
  });

  it('attachments or pasted diagnostics satisfy diagnostics', () => {
    expect(missingDetails(empty, { hasAttachments: true })).toEqual(['ip_or_order', 'service', 'start_time']);
    expect(missingDetails({ ...empty, hasDiagnostics: true })).toEqual(['ip_or_order', 'service', 'start_time']);
  });

  it('treats null, empty and blank form values as not provided', () => {
    expect(missingDetails(empty, { serviceId: null, startedAt: '  ', hasAttachments: false })).toEqual([
      'ip_or_order',
      'service',
      'start_time',
      'diagnostics',
    ]);
    expect(missingDetails(empty, { serviceId: '' })).toContain('service');
  });

  it('is empty when everything is there', () => {
    const full: Extraction = {
      ...empty,
      orderNumbers: ['123456'],
      services: [{ id: 'a', name: 'A', matchedBy: 'order' }],
      startedAt: { utc: '2026-11-24T13:30:00.000Z', zone: '+01:00', zoneStated: true, source: '14:30 CET' },
      hasDiagnostics: true,
    };
    expect(missingDetails(full)).toEqual([]);
  });
});

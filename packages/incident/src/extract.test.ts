import { describe, expect, it } from 'vitest';
import { extractIncidentDetails, missingDetails, type CustomerService } from './index.js';

const services: CustomerService[] = [
  { id: 'vps-zg', name: 'Poslužitelj Zagreb', orderNumber: '123456', ipAddresses: ['192.0.2.10', '2001:db8:10::1'] },
  { id: 'web', name: 'Web Hosting Pro', orderNumber: '234567', ipAddresses: ['198.51.100.20'] },
  { id: 'mail', name: 'Mail', orderNumber: '345678', ipAddresses: [] },
];
const now = new Date('2026-11-24T15:00:00Z');

describe('extractIncidentDetails', () => {
  it('reads a complete Croatian ticket', () => {
    const text = [
      'Poštovani, posluzitelj zagreb ne radi od 14:30 CET.',
      'Narudžba br. 123456, IP 192.0.2.10.',
      '```',
      'PING 192.0.2.10 (192.0.2.10) 56(84) bytes of data.',
      'Request timeout for icmp_seq 0',
      '```',
    ].join('\n');
    const x = extractIncidentDetails({ text, services, now });
    expect(x).toEqual({
      ipAddresses: ['192.0.2.10'],
      orderNumbers: ['123456'],
      services: [{ id: 'vps-zg', name: 'Poslužitelj Zagreb', matchedBy: 'name' }],
      unknownIpAddresses: [],
      unknownOrderNumbers: [],
      startedAt: { utc: '2026-11-24T13:30:00.000Z', zone: '+01:00', zoneStated: true, source: '14:30 CET' },
      hasDiagnostics: true,
    });
    expect(missingDetails(x)).toEqual([]);
  });

  it('reads an English ticket that names a service only by address, with foreign ones', () => {
    const text = 'Our site on [2001:db8:10:0::1]:443 and 203.0.113.5 has been unreachable since yesterday at 23:10. Order #999999.';
    const x = extractIncidentDetails({ text, services, now });
    expect(x.ipAddresses).toEqual(['2001:db8:10::1', '203.0.113.5']);
    expect(x.services).toEqual([{ id: 'vps-zg', name: 'Poslužitelj Zagreb', matchedBy: 'ip' }]);
    expect(x.unknownIpAddresses).toEqual(['203.0.113.5']);
    expect(x.unknownOrderNumbers).toEqual(['999999']);
    expect(x.startedAt).toMatchObject({ utc: '2026-11-23T22:10:00.000Z', source: 'yesterday at 23:10' });
    expect(missingDetails(x)).toEqual(['diagnostics']);
  });

  it('says what a vague ticket lacks', () => {
    const x = extractIncidentDetails({ text: 'Ništa ne radi, hitno!!! Imam neki error.', services, now });
    expect(x.startedAt).toBeNull();
    expect(x.hasDiagnostics).toBe(false);
    expect(missingDetails(x)).toEqual(['ip_or_order', 'service', 'start_time', 'diagnostics']);
    expect(missingDetails(x, { serviceId: 'mail', startedAt: '2026-11-24T13:00:00Z', hasAttachments: true })).toEqual([]);
  });

  it('does not let the order number, IP, port or versions become the start time', () => {
    const x = extractIncidentDetails({ text: 'Narudžba 234567, 198.51.100.20:8080, nginx 1.18.0 — ne radi već 2h.', services, now });
    expect(x.orderNumbers).toEqual(['234567']);
    expect(x.ipAddresses).toEqual(['198.51.100.20']);
    expect(x.services).toEqual([{ id: 'web', name: 'Web Hosting Pro', matchedBy: 'order' }]);
    expect(x.startedAt).toBeNull();
  });

  it('uses the default zone and the given now', () => {
    const x = extractIncidentDetails({ text: 'Mail down since 9:00', services, now, defaultZone: 'America/New_York' });
    expect(x.services.map((s) => s.id)).toEqual(['mail']);
    // 10:00 in New York now, so 9:00 is today.
    expect(x.startedAt).toEqual({ utc: '2026-11-24T14:00:00.000Z', zone: 'America/New_York', zoneStated: false, source: '9:00' });
  });

  it('defaults to Europe/Zagreb', () => {
    expect(extractIncidentDetails({ text: 'od 9:00', services: [], now }).startedAt?.zone).toBe('Europe/Zagreb');
  });

  it('throws RangeError for an invalid default zone', () => {
    expect(() => extractIncidentDetails({ text: 'x', services: [], defaultZone: 'Nowhere/Town' })).toThrow(RangeError);
  });

  it('handles empty text', () => {
    const x = extractIncidentDetails({ text: '', services, now });
    expect(x).toEqual({
      ipAddresses: [],
      orderNumbers: [],
      services: [],
      unknownIpAddresses: [],
      unknownOrderNumbers: [],
      startedAt: null,
      hasDiagnostics: false,
    });
  });

  it('is fast enough to run on every keystroke', () => {
    const text = 'Poslužitelj Zagreb ne radi od 14:30, IP 192.0.2.10, narudžba 123456.\n'.repeat(200);
    const t0 = performance.now();
    extractIncidentDetails({ text, services, now });
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

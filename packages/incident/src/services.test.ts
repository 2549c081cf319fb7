import { describe, expect, it } from 'vitest';
import { matchServices, type CustomerService } from './services.js';

const svc = (id: string, name: string, orderNumber = '000000', ipAddresses: string[] = []): CustomerService => ({
  id,
  name,
  orderNumber,
  ipAddresses,
});

const names = (text: string, services: CustomerService[]) => matchServices(text, services, [], []).services.map((s) => s.id);

describe('matchServices by name', () => {
  it('ignores case and Croatian diacritics on either side', () => {
    const services = [svc('zg', 'Poslužitelj Zagreb')];
    expect(names('posluzitelj zagreb ne radi', services)).toEqual(['zg']);
    expect(names('POSLUŽITELJ ZAGREB ne radi', services)).toEqual(['zg']);
    expect(names('Poslužitelj Zagreb', [svc('zg', 'posluzitelj zagreb')])).toEqual(['zg']);
  });

  it('accepts đ written as d or dj', () => {
    const services = [svc('dj', 'Đakovo VPS')];
    expect(names('djakovo vps je pao', services)).toEqual(['dj']);
    expect(names('Dakovo VPS je pao', services)).toEqual(['dj']);
    expect(names('ĐAKOVO VPS je pao', services)).toEqual(['dj']);
  });

  it('matches whole words only', () => {
    expect(names('my website is down', [svc('w', 'Web')])).toEqual([]);
    expect(names('VPS1 ne radi', [svc('v', 'VPS')])).toEqual([]);
    expect(names('the web is down', [svc('w', 'Web')])).toEqual(['w']);
  });

  it('tolerates different separators inside a name', () => {
    expect(names('vps 2 frankfurt is slow', [svc('v', 'VPS-2 Frankfurt')])).toEqual(['v']);
    expect(names('VPS-2-Frankfurt', [svc('v', 'VPS 2 Frankfurt')])).toEqual(['v']);
  });

  it('lets a longer name claim its words before a shorter one inside it', () => {
    const services = [svc('short', 'Web Hosting'), svc('long', 'Web Hosting Pro')];
    expect(names('Web Hosting Pro ne radi', services)).toEqual(['long']);
    expect(names('Web Hosting Pro i Web Hosting ne rade', services)).toEqual(['short', 'long']);
  });

  it('ignores names with no letters or digits', () => {
    expect(names('--- ***', [svc('x', '---')])).toEqual([]);
  });
});

describe('matchServices by address and order number', () => {
  const services = [svc('a', 'Alpha', '111111', ['192.0.2.10', '2001:DB8:0:0::10']), svc('b', 'Beta', '222222', ['198.51.100.7/32'])];

  it('matches by IP (canonical comparison, prefix length ignored) and reports unknown ones', () => {
    const r = matchServices('x', services, ['2001:db8::10', '198.51.100.7', '203.0.113.1'], []);
    expect(r.services).toEqual([
      { id: 'a', name: 'Alpha', matchedBy: 'ip' },
      { id: 'b', name: 'Beta', matchedBy: 'ip' },
    ]);
    expect(r.unknownIpAddresses).toEqual(['203.0.113.1']);
  });

  it('matches an IPv4-mapped IPv6 address to the IPv4 of a service', () => {
    const r = matchServices('x', services, ['::ffff:192.0.2.10'], []);
    expect(r.services.map((s) => s.id)).toEqual(['a']);
    expect(r.unknownIpAddresses).toEqual([]);
  });

  it('matches by order number and reports unknown ones', () => {
    const r = matchServices('x', services, [], ['222222', '999999']);
    expect(r.services).toEqual([{ id: 'b', name: 'Beta', matchedBy: 'order' }]);
    expect(r.unknownOrderNumbers).toEqual(['999999']);
  });

  it('lists each service once with its strongest reason: name > order > ip', () => {
    const r = matchServices('Alpha is down, Beta too', services, ['192.0.2.10', '198.51.100.7'], ['111111', '222222']);
    expect(r.services).toEqual([
      { id: 'a', name: 'Alpha', matchedBy: 'name' },
      { id: 'b', name: 'Beta', matchedBy: 'name' },
    ]);
    const r2 = matchServices('x', services, ['192.0.2.10'], ['111111']);
    expect(r2.services).toEqual([{ id: 'a', name: 'Alpha', matchedBy: 'order' }]);
  });

  it('tolerates an order number stored with a # prefix', () => {
    expect(matchServices('x', [svc('c', 'Gamma', '#333333')], [], ['333333']).services.map((s) => s.id)).toEqual(['c']);
  });
});

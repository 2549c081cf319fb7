import { describe, expect, it } from 'vitest';
import { ContactInput, DirectoryQuery, ServiceInput } from './directory.js';

const service = { accountExternalId: 'c-1', name: 'web-01', orderNumber: '#123456', product: 'VPS', location: 'Zagreb' };

describe('directory contracts (issue 13)', () => {
  it('strips the # of an order number and refuses anything but six digits, in both languages', () => {
    expect(ServiceInput.parse(service).orderNumber).toBe('123456');
    const bad = ServiceInput.safeParse({ ...service, orderNumber: '#12345' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['orderNumber'], params: { code: 'order_number' } });
    expect((bad.error?.issues[0] as unknown as { params: { hr: string } }).params.hr).toContain('#123456');
  });

  it('takes IPv4 and IPv6 addresses and CIDR ranges, and nothing else', () => {
    const ok = ['192.0.2.10', '2001:db8::5', '198.51.100.0/24', '2001:db8::/32'];
    expect(ServiceInput.parse({ ...service, ipAddresses: ok }).ipAddresses).toEqual(ok);
    for (const wrong of ['192.0.2.300', '192.0.2.0/33', 'example.com', '2001:db8::/129', '']) {
      const r = ServiceInput.safeParse({ ...service, ipAddresses: ['192.0.2.1', wrong] });
      expect(r.success, wrong).toBe(false);
      expect(r.error?.issues[0]?.path, wrong).toEqual(['ipAddresses', 1]);
    }
  });

  it('wants the account named exactly once: by our id or the billing system’s', () => {
    const contact = { name: 'Ana', email: 'Ana@Example.com', roles: ['owner', 'owner', 'billing'] };
    expect(ContactInput.safeParse(contact).success).toBe(false);
    expect(
      ContactInput.safeParse({ ...contact, accountId: '00000000-0000-4000-8000-000000000000', accountExternalId: 'c-1' }).success,
    ).toBe(false);
    const parsed = ContactInput.parse({ ...contact, accountExternalId: 'c-1' });
    expect(parsed).toMatchObject({ email: 'ana@example.com', roles: ['owner', 'billing'], locale: 'hr', canLogIn: true });
  });

  it('reads paging from a query string', () => {
    expect(DirectoryQuery.parse({ offset: '40', limit: '20' })).toMatchObject({ offset: 40, limit: 20, q: '', status: 'all' });
    expect(DirectoryQuery.safeParse({ limit: '1000' }).success).toBe(false);
  });
});

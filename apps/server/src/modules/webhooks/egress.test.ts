import { describe, expect, it } from 'vitest';
import { egressGuard, type Resolve } from './egress.js';

/** The egress guard (issue 13 point 6): which addresses a webhook may reach, with a resolver of the test's own. */
const names: Record<string, string[]> = {
  'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'intranet.example': ['10.1.2.3'],
  'rebind.example': ['93.184.216.34', '127.0.0.1'],
};
const resolve: Resolve = async (host) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('egress guard', () => {
  const strict = egressGuard({ allowed: [], allowHttp: false, resolve });

  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '[::1]',
    '[::]',
    '[fd00::1]',
    '[fc00::1]',
    '[fe80::1]',
    '[ff02::1]',
    '[::ffff:10.0.0.1]',
    '[::ffff:127.0.0.1]',
  ])('refuses %s', async (host) => {
    expect(await strict.check(`https://${host}/hook`)).toMatchObject({ ok: false, reason: 'private' });
  });

  it('accepts public addresses and names resolving only to them', async () => {
    expect(await strict.check('https://8.8.8.8/hook')).toMatchObject({ ok: true });
    expect(await strict.check('https://[2606:4700:4700::1111]/hook')).toMatchObject({ ok: true });
    const verdict = await strict.check('https://public.example/hook');
    expect(verdict).toMatchObject({ ok: true });
    // The request connects to exactly these: no second lookup between the check and the connection.
    expect(verdict.ok && verdict.addresses.map((a) => a.address)).toEqual(names['public.example']);
  });

  it('refuses a name with any private address, an unknown name, and http unless allowed', async () => {
    expect(await strict.check('https://intranet.example/')).toMatchObject({ ok: false, reason: 'private', detail: '10.1.2.3' });
    expect(await strict.check('https://rebind.example/')).toMatchObject({ ok: false, reason: 'private', detail: '127.0.0.1' });
    expect(await strict.check('https://nowhere.example/')).toMatchObject({ ok: false, reason: 'unresolvable', detail: 'ENOTFOUND' });
    expect(await strict.check('http://8.8.8.8/')).toMatchObject({ ok: false, reason: 'scheme' });
  });

  it('lets an admin allow a network, and only that one', async () => {
    const guard = egressGuard({ allowed: ['10.1.2.0/24', 'fd00:1::/64', '127.0.0.1'], allowHttp: true, resolve });
    expect(await guard.check('http://intranet.example/')).toMatchObject({ ok: true });
    expect(await guard.check('https://[fd00:1::5]/')).toMatchObject({ ok: true });
    expect(await guard.check('http://127.0.0.1:8080/')).toMatchObject({ ok: true });
    expect(await guard.check('https://10.1.3.1/')).toMatchObject({ ok: false, reason: 'private' });
    expect(await guard.check('https://127.0.0.2/')).toMatchObject({ ok: false, reason: 'private' });
    expect(await guard.check('https://[fd00:2::1]/')).toMatchObject({ ok: false, reason: 'private' });
  });
});

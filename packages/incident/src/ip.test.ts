import { describe, expect, it } from 'vitest';
import { canonicalIp, findIpAddresses, findIpMatches, parseIpv6 } from './ip.js';

describe('findIpAddresses: IPv4', () => {
  it('finds addresses in prose, deduplicated, in order of appearance', () => {
    expect(findIpAddresses('Server 192.168.1.10 i 10.0.0.1 ne odgovaraju, 192.168.1.10 ni ping.')).toEqual(['192.168.1.10', '10.0.0.1']);
  });

  it('takes the address out of host:port, CIDR, URLs and user@host', () => {
    expect(findIpAddresses('ssh 1.2.3.4:22')).toEqual(['1.2.3.4']);
    expect(findIpAddresses('mreža 10.0.0.0/24')).toEqual(['10.0.0.0']);
    expect(findIpAddresses('http://5.6.7.8/admin')).toEqual(['5.6.7.8']);
    expect(findIpAddresses('ssh root@9.8.7.6')).toEqual(['9.8.7.6']);
    expect(findIpAddresses('IP:1.1.1.1.')).toEqual(['1.1.1.1']);
  });

  it('rejects octets over 255 and octets with leading zeros', () => {
    expect(findIpAddresses('999.1.1.1 and 1.2.3.256')).toEqual([]);
    expect(findIpAddresses('01.02.03.04')).toEqual([]);
  });

  it('ignores version numbers and addresses glued into longer tokens', () => {
    expect(findIpAddresses('nginx 1.18.0, PHP 8.2.10, 1.2.3')).toEqual([]);
    expect(findIpAddresses('1.2.3.4.5 v1.2.3.4 a1.2.3.4 1.2.3.4a 1.2.3.4.example.com')).toEqual([]);
    expect(findIpAddresses('version 1.2.3.4, verzija 2.3.4.5')).toEqual([]);
  });
});

describe('findIpAddresses: IPv6', () => {
  it('returns the RFC 5952 form: lower case, no leading zeros, longest zero run compressed', () => {
    expect(findIpAddresses('2001:0DB8:0000:0000:0000:0000:0000:0001')).toEqual(['2001:db8::1']);
    expect(findIpAddresses('2001:db8:0:0:1:0:0:1')).toEqual(['2001:db8::1:0:0:1']);
    expect(findIpAddresses('2001:db8:0:1:1:1:1:1')).toEqual(['2001:db8:0:1:1:1:1:1']);
    expect(findIpAddresses('1:2:3:4:5:6:7::')).toEqual(['1:2:3:4:5:6:7:0']);
  });

  it('finds compressed, loopback and link-local (zone id dropped) addresses', () => {
    expect(findIpAddresses('2a01:4f8::abcd pa ::1 i fe80::1%eth0')).toEqual(['2a01:4f8::abcd', '::1', 'fe80::1']);
  });

  it('keeps IPv4-mapped addresses in mixed notation and does not report the embedded IPv4 separately', () => {
    expect(findIpAddresses('::FFFF:1.2.3.4')).toEqual(['::ffff:1.2.3.4']);
    expect(findIpAddresses('::ffff:0102:0304')).toEqual(['::ffff:1.2.3.4']);
  });

  it('takes the address out of [addr]:port, CIDR and a glued label', () => {
    expect(findIpAddresses('https://[2001:db8::1]:443/')).toEqual(['2001:db8::1']);
    expect(findIpAddresses('prefix 2001:db8::/32')).toEqual(['2001:db8::']);
    expect(findIpAddresses('IPv6:2001:db8::2')).toEqual(['2001:db8::2']);
  });

  it('rejects MAC addresses, clock times, C++ scopes, too many groups and a bare ::', () => {
    expect(findIpAddresses('00:1a:2b:3c:4d:5e 14:30:00 std::vector 1:2:3:4:5:6:7:8:9 a:b::c:d::e ::')).toEqual([]);
  });

  it('reports positions of each occurrence', () => {
    const text = 'a 1.2.3.4 b [::1]';
    expect(findIpMatches(text).map((m) => text.slice(m.start, m.end))).toEqual(['1.2.3.4', '::1']);
  });
});

describe('canonicalIp / parseIpv6', () => {
  it('normalises configured addresses, tolerating a prefix length or brackets', () => {
    expect(canonicalIp(' 10.0.0.5/32 ')).toBe('10.0.0.5');
    expect(canonicalIp('[2001:DB8::0:1]')).toBe('2001:db8::1');
    expect(canonicalIp('server.example.com')).toBeNull();
  });

  it('compresses the first of two equally long zero runs', () => {
    expect(parseIpv6('1:0:0:2:3:0:0:4')).toBe('1::2:3:0:0:4');
  });
});

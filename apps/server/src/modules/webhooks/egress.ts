import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The egress guard (issue 13 point 6): a webhook goes only to a public address, or to a network an admin allowed
 * (WEBHOOK_ALLOWED_NETWORKS), so a subscription cannot reach into the provider's own network (SSRF). The host is
 * resolved once, every address checked, and the request then connects to the checked addresses only (`checked` below
 * is handed to the HTTP client as its lookup): a DNS answer that changes between the check and the connection
 * (rebinding) is never asked for.
 */
const REFUSED: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", unspecified
  ['10.0.0.0', 8, 'ipv4'], // RFC 1918
  ['100.64.0.0', 10, 'ipv4'], // CGNAT (RFC 6598)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, incl. the cloud metadata address 169.254.169.254
  ['172.16.0.0', 12, 'ipv4'], // RFC 1918
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.168.0.0', 16, 'ipv4'], // RFC 1918
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 96, 'ipv6'], // unspecified, loopback, and IPv4-compatible (deprecated: ::7f00:1 is 127.0.0.1)
  ['::ffff:0:0:0', 96, 'ipv6'], // IPv4-translated (SIIT): an IPv4 address behind a translator
  ['64:ff9b::', 96, 'ipv6'], // NAT64: an IPv4 address behind a gateway of the provider's
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64 (RFC 8215), the same
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 23, 'ipv6'], // IETF protocol assignments, Teredo (an IPv4 address behind a relay) among them
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4 (deprecated): an IPv4 address, private ones too, behind a relay
  ['fc00::', 7, 'ipv6'], // unique local (ULA)
  ['fec0::', 10, 'ipv6'], // site-local (deprecated), private as ULA is
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const refused = new BlockList();
for (const [address, prefix, family] of REFUSED) refused.addSubnet(address, prefix, family);

export interface Address {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses (the system's resolver by default; tests answer it themselves). */
export type Resolve = (host: string) => Promise<Address[]>;

export const systemResolve: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })) as Address[];

/** Why a URL is refused, for the admin (hr/en is the routes'), or the addresses it may be sent to. */
export type EgressVerdict =
  { ok: true; url: URL; addresses: Address[] } | { ok: false; reason: 'scheme' | 'unresolvable' | 'private'; detail: string };

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 address: checked as one. */
function unmapped(a: Address): Address {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a.address);
  return m ? { address: m[1]!, family: 4 } : a;
}

/**
 * @param allowed CIDR list (WEBHOOK_ALLOWED_NETWORKS): networks an admin allowed though they are private, e.g. a
 *   receiver on the provider's own network or, in tests, 127.0.0.1/32.
 */
export function egressGuard({ allowed, allowHttp, resolve = systemResolve }: { allowed: string[]; allowHttp: boolean; resolve?: Resolve }) {
  const allowedList = new BlockList();
  for (const cidr of allowed) {
    const [address, prefix] = parseCidr(cidr);
    allowedList.addSubnet(address, prefix, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  const permitted = (a: Address) => {
    const { address, family } = unmapped(a);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    return allowedList.check(address, type) || !refused.check(address, type);
  };

  return {
    async check(raw: string): Promise<EgressVerdict> {
      const url = new URL(raw);
      if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:'))
        return { ok: false, reason: 'scheme', detail: allowHttp ? 'http or https only' : 'https only' };
      const host = url.hostname.replace(/^\[|\]$/g, '');
      let addresses: Address[];
      const literal = isIP(host);
      if (literal) addresses = [{ address: host, family: literal as 4 | 6 }];
      else {
        try {
          addresses = await resolve(host);
        } catch (err) {
          return { ok: false, reason: 'unresolvable', detail: (err as NodeJS.ErrnoException).code ?? 'lookup failed' };
        }
        if (!addresses.length) return { ok: false, reason: 'unresolvable', detail: 'no address' };
      }
      // One refused address refuses the host: a name with a public and a private address would reach the private one.
      const bad = addresses.find((a) => !permitted(a));
      if (bad) return { ok: false, reason: 'private', detail: bad.address };
      return { ok: true, url, addresses };
    },
  };
}
export type EgressGuard = ReturnType<typeof egressGuard>;

/** "10.0.0.0/8", "2001:db8::/32", or a single address (its own /32 or /128). Throws on anything else. */
export function parseCidr(cidr: string): [string, number] {
  const [address = '', prefixText] = cidr.trim().split('/');
  const family = isIP(address);
  const max = family === 6 ? 128 : 32;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`not a network: ${cidr}`);
  return [address, prefix];
}

/**
 * The lookup the HTTP client connects with: the addresses already checked, never a second DNS answer. Node asks
 * for one address or, connecting with happy eyeballs, for all.
 */
export function checkedLookup(addresses: Address[]) {
  return (_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

import type { Trust } from '@centrala/contracts';
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { domainToUnicode } from 'node:url';
import { authenticate, type AuthenticateResult } from 'mailauth';
import { parseAddressHeader } from 'mailparser';

/** Like dns.promises.resolve: TXT answers as string[][], others string[]; a missing name rejects with code ENOTFOUND/ENODATA. */
export type DnsResolver = (domain: string, rrtype: string) => Promise<string[][] | string[]>;

export type Check = { result: string; reason: string };

export interface Verification {
  spf: Check;
  dkim: (Check & { domain: string })[];
  dmarc: Check & { policy: string | null };
  arc: Check;
  /** DMARC passed: From's domain is aligned with a passing SPF or DKIM. */
  dmarcPass: boolean;
  flags: ('display_name_spoof' | 'lookalike_domain')[];
}

export interface VerifyOptions {
  /** Our own domains (centrala.hr): a foreign address may not pose as them. */
  ownDomains?: string[];
  /** Our name as customers know it (Centrala): a display name with it on a foreign address poses as us. */
  ownNames?: string[];
  /** Customers' domains a look-alike of which is suspicious too. */
  knownDomains?: string[];
}

/**
 * Sender verification of an inbound mail (issue 12 point 4): SPF (from the
 * SMTP envelope), DKIM, DMARC and ARC by mailauth, through the resolver given
 * (make it once with cachedResolver), plus two flags mailauth does not raise:
 * a display name posing as someone else and a domain that looks like a known
 * one. Never rejects: a failure of the check itself is a temperror with its reason.
 * Mail fetched over IMAP has no envelope: SPF is then `none` (no client IP), DKIM and DMARC still count.
 */
export async function verifySender(
  raw: Buffer,
  envelope: { mailFrom: string | null; remoteIp: string | null; helo: string | null },
  resolver: DnsResolver,
  options: VerifyOptions = {},
): Promise<Verification> {
  const flags = spoofFlags(fromOf(raw), options);
  let result: AuthenticateResult;
  try {
    const ip = envelope.remoteIp && isIP(envelope.remoteIp) ? envelope.remoteIp : undefined;
    result = await authenticate(raw, {
      ip,
      sender: envelope.mailFrom ?? undefined,
      helo: envelope.helo ?? undefined,
      mta: 'centrala',
      resolver,
      trustReceived: false,
      disableBimi: true,
    });
    if (!ip) result.spf = false;
  } catch (err) {
    const failed = { result: 'temperror', reason: `verification failed: ${(err as Error).message}`.slice(0, 300) };
    return { spf: failed, dkim: [], dmarc: { ...failed, policy: null }, arc: failed, dmarcPass: false, flags };
  }
  const dmarc = result.dmarc;
  const dmarcResult = dmarc ? dmarc.status.result : 'none';
  return {
    spf: result.spf
      ? { result: result.spf.status.result, reason: reasonOf(result.spf.status.comment, result.spf.info) }
      : { result: 'none', reason: 'no client IP (fetched from a mailbox)' },
    dkim: (result.dkim.results ?? []).map((row) => ({
      domain: row.signingDomain ?? '',
      result: row.status.result,
      reason: reasonOf(row.status.comment, row.info),
    })),
    dmarc: {
      result: dmarcResult,
      reason: dmarc ? reasonOf(dmarc.status.comment, dmarc.info) : 'no From domain',
      policy: dmarc ? dmarc.policy || dmarc.p || null : null,
    },
    arc: result.arc
      ? { result: result.arc.status.result, reason: reasonOf(result.arc.status.comment, result.arc.info ?? '') }
      : { result: 'none', reason: '' },
    dmarcPass: dmarcResult === 'pass',
    flags,
  };
}

function reasonOf(comment: string | undefined, info: string): string {
  return (comment || info || '').replace(/\s+/g, ' ').slice(0, 300);
}

/** The From header's first address and display name, read from the raw header block. */
function fromOf(raw: Buffer): { address: string; name: string } | null {
  try {
    const end = raw.indexOf('\r\n\r\n');
    const head = raw
      .subarray(0, end < 0 ? Math.min(raw.length, 256 * 1024) : end)
      .toString('utf8')
      .replace(/\r?\n[ \t]+/g, ' ');
    const line = /^from\s*:(.*)$/im.exec(head)?.[1];
    if (!line) return null;
    const first = parseAddressHeader(line, { flatten: true }).value[0];
    return first?.address ? { address: first.address.toLowerCase(), name: first.name ?? '' } : null;
  } catch {
    return null;
  }
}

export function spoofFlags(
  from: { address: string; name: string } | null,
  options: VerifyOptions,
): ('display_name_spoof' | 'lookalike_domain')[] {
  if (!from) return [];
  const flags: ('display_name_spoof' | 'lookalike_domain')[] = [];
  const domain = domainToUnicode(from.address.slice(from.address.lastIndexOf('@') + 1).toLowerCase()) || '';
  const own = (options.ownDomains ?? []).map((d) => d.toLowerCase());
  const isOwn = own.some((d) => domain === d || domain.endsWith(`.${d}`));
  const name = from.name;
  const namedAddresses = name.match(/[^\s<>"'()@,;:]+@[^\s<>"'()@,;:]+\.[^\s<>"'()@,;:]+/g) ?? [];
  const lowerName = name.toLowerCase();
  if (
    namedAddresses.some((a) => a.toLowerCase() !== from.address) ||
    (!isOwn && own.some((d) => lowerName.includes(d))) ||
    (!isOwn && (options.ownNames ?? []).some((n) => n.trim() && skeleton(lowerName).includes(skeleton(n.toLowerCase()))))
  ) {
    flags.push('display_name_spoof');
  }
  if (lookalike(domain, [...own, ...(options.knownDomains ?? []).map((d) => d.toLowerCase())])) flags.push('lookalike_domain');
  return flags;
}

/** A domain that is not one of `known` (nor below one) but reads like one: confusable letters, or one edit away. */
export function lookalike(domain: string, known: string[]): boolean {
  const unicode = domainToUnicode(domain.toLowerCase()) || domain.toLowerCase();
  for (const k of known) {
    const target = domainToUnicode(k) || k;
    if (unicode === target || unicode.endsWith(`.${target}`)) return false;
  }
  const shape = skeleton(unicode);
  return known.some((k) => {
    const target = domainToUnicode(k) || k;
    if (skeleton(target) === shape) return true;
    return target.length >= 6 && editDistanceAtMostOne(unicode, target);
  });
}

// Letters of other scripts (and digits) that look like Latin ones; after NFKD, marks are dropped (č → c).
const CONFUSABLE: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ϲ: 'c',
  ԛ: 'q',
  ԝ: 'w',
  '0': 'o',
  '1': 'l',
  '|': 'l',
  ı: 'i',
  ł: 'l',
  đ: 'd',
  ø: 'o',
};

function skeleton(text: string): string {
  const mapped = (value: string) => [...value].map((c) => CONFUSABLE[c] ?? c).join('');
  // Mapped before NFKD too: it would turn some look-alikes (ϲ) into letters that look like nothing Latin (ς).
  const folded = mapped(mapped(text).normalize('NFKD').replace(/\p{M}/gu, ''));
  return folded.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/i/g, 'l');
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    // One transposition (cetnrala) counts as one edit.
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * A resolver whose answers are kept for `ttlMs` (default a minute) in a small
 * LRU (default 500 names): one mail's SPF, DKIM and DMARC look-ups and a burst
 * of mail from one domain ask DNS once. "No such name" is kept too; other failures are not.
 */
export function cachedResolver(resolve: DnsResolver, { ttlMs = 60_000, max = 500 } = {}): DnsResolver {
  const cache = new Map<string, { expires: number; answer: Promise<string[][] | string[]> }>();
  return (domain, rrtype) => {
    const key = `${rrtype}\0${domain.toLowerCase()}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.expires > now) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.answer;
    }
    const answer = resolve(domain, rrtype);
    cache.set(key, { expires: now + ttlMs, answer });
    answer.catch((err: NodeJS.ErrnoException) => {
      if (err?.code !== 'ENOTFOUND' && err?.code !== 'ENODATA' && cache.get(key)?.answer === answer) cache.delete(key);
    });
    while (cache.size > max) cache.delete(cache.keys().next().value!);
    return answer;
  };
}

/** The system's DNS, cached: what the server passes to verifySender. */
export function systemResolver(): DnsResolver {
  return cachedResolver((domain, rrtype) => dns.resolve(domain, rrtype) as Promise<string[][] | string[]>);
}

/**
 * How far an email's author is identified (DESIGN "Trust"): From is an address
 * registered to an account and DMARC passed → email_authenticated; registered
 * but not authenticated (spoofable) → email_claimed; else anonymous. Whether
 * that may see account data is the tickets module's mayDiscloseAccountData(trust).
 */
export function emailTrust(i: {
  registeredToAccount: boolean;
  dmarcPass: boolean;
}): Extract<Trust, 'email_authenticated' | 'email_claimed' | 'anonymous'> {
  if (!i.registeredToAccount) return 'anonymous';
  return i.dmarcPass ? 'email_authenticated' : 'email_claimed';
}

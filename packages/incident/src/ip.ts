/**
 * Finding IPv4 and IPv6 addresses in free text, and their canonical forms
 * (IPv6 per RFC 5952: lower case, no leading zeros, the longest run of two or
 * more zero groups compressed to '::', IPv4-mapped addresses as ::ffff:a.b.c.d).
 */
import type { Span } from './text.js';

export interface IpMatch extends Span {
  /** Canonical form. */
  address: string;
  version: 4 | 6;
}

const WORD = /[\p{L}\p{N}_]/u;

/** Canonical IPv4 ('a.b.c.d', decimal octets 0-255, no leading zeros), or null. */
export function parseIpv4(s: string): string | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
  }
  return parts.join('.');
}

/** The eight 16-bit groups of an IPv6 address (zone id allowed and dropped), or null. */
function ipv6Groups(input: string): number[] | null {
  let s = input;
  const pct = s.indexOf('%');
  if (pct >= 0) {
    if (!/^%[\p{L}\p{N}_.-]+$/u.test(s.slice(pct))) return null;
    s = s.slice(0, pct);
  }
  if (!s.includes(':')) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (!v4) return null;
    const o = v4.split('.').map(Number) as [number, number, number, number];
    tail = [(o[0] << 8) | o[1], (o[2] << 8) | o[3]];
    // Keep the colon(s) before the IPv4 part so '::1.2.3.4' still reads as '::'.
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const parseSide = (side: string): number[] | null => {
    if (side === '') return [];
    const out: number[] = [];
    for (const g of side.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const halves = s.split('::');
  if (halves.length > 2) return null;
  if (halves.length === 2) {
    const head = parseSide(halves[0]!);
    const rest = parseSide(halves[1]!);
    if (!head || !rest) return null;
    const known = head.length + rest.length + tail.length;
    if (known > 7) return null;
    return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  }
  const all = parseSide(s);
  if (!all || all.length + tail.length !== 8) return null;
  return [...all, ...tail];
}

/** Canonical (RFC 5952) IPv6, or null. */
export function parseIpv6(s: string): string | null {
  const g = ipv6Groups(s);
  if (!g) return null;
  // IPv4-mapped: ::ffff:a.b.c.d (RFC 5952 section 5).
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const [hi, lo] = [g[6]!, g[7]!];
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Canonical form of an address as configured on a service: plain IPv4/IPv6,
 * also tolerating a CIDR suffix or brackets. Null when it is not an address.
 */
export function canonicalIp(s: string): string | null {
  let t = s.trim().replace(/\/\d{1,3}$/, '');
  const br = /^\[(.+)\]$/.exec(t);
  if (br) t = br[1]!;
  return parseIpv4(t) ?? parseIpv6(t);
}

/** A key to compare addresses by: IPv4-mapped IPv6 compares equal to its IPv4. */
export function ipKey(canonical: string): string {
  return canonical.startsWith('::ffff:') && canonical.includes('.') ? canonical.slice(7) : canonical;
}

const VERSION_WORD = /(?:\bversions?|\bverzij\p{L}*|\bver\.?|\brelease|\bbuild)\s*:?\s*$/iu;

/** All valid addresses in the text, in order of appearance, with their positions (not deduplicated). */
export function findIpMatches(text: string): IpMatch[] {
  const found: IpMatch[] = [];
  // IPv6: maximal runs of hex digits, colons and dots (linear: no backtracking), with an optional zone id.
  const run = /[0-9A-Fa-f:.]+/g;
  const zoneId = /%[\p{L}\p{N}_.-]+/uy;
  for (let m = run.exec(text); m; m = run.exec(text)) {
    if (!m[0].includes(':')) continue;
    let start = m.index;
    let raw = m[0];
    zoneId.lastIndex = start + raw.length;
    const zone = zoneId.exec(text);
    if (zone) raw += zone[0];
    const before = text[start - 1];
    const after = text[start + raw.length];
    if (after !== undefined && WORD.test(after)) continue;
    if (before !== undefined && WORD.test(before)) {
      // 'IPv6:2001:db8::1' or 'adresa:2001:db8::1': the label is glued on with a colon.
      const colon = raw.indexOf(':');
      if (colon <= 0 || raw[colon + 1] === ':') continue;
      start += colon + 1;
      raw = raw.slice(colon + 1);
    }
    // Trailing sentence punctuation: '... 2001:db8::1.' or '2001:db8::1:' (but keep a final '::').
    raw = raw.replace(/\.+$/, '');
    if (raw.endsWith(':') && !raw.endsWith('::')) raw = raw.slice(0, -1);
    if ((raw.match(/:/g) ?? []).length < 2) continue;
    const address = parseIpv6(raw);
    if (!address || address === '::') continue;
    found.push({ start, end: start + raw.length, address, version: 6 });
  }
  const v6Spans = [...found];
  const v4 = /(?<![\p{L}\p{N}_.])\d{1,3}(?:\.\d{1,3}){3}(?![\p{L}\p{N}_]|\.[\p{L}\p{N}_])/gu;
  for (let m = v4.exec(text); m; m = v4.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (v6Spans.some((s) => start < s.end && s.start < end)) continue;
    if (VERSION_WORD.test(text.slice(Math.max(0, start - 20), start))) continue;
    const address = parseIpv4(m[0]);
    if (address) found.push({ start, end, address, version: 4 });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Distinct addresses in the text, canonical, in order of first appearance. */
export function findIpAddresses(text: string): string[] {
  return [...new Set(findIpMatches(text).map((m) => m.address))];
}

/**
 * Which of the customer's own services a text mentions: by name (case- and
 * diacritic-insensitive, whole words, longest names first), by one of the
 * service's IP addresses, or by its order number.
 */
import { canonicalIp, ipKey } from './ip.js';
import { fold } from './text.js';

export interface CustomerService {
  id: string;
  name: string;
  /** Six digits. */
  orderNumber: string;
  ipAddresses: string[];
}

export type MatchReason = 'name' | 'ip' | 'order';

export interface ServiceMatch {
  id: string;
  name: string;
  matchedBy: MatchReason;
}

const STRENGTH: Record<MatchReason, number> = { name: 3, order: 2, ip: 1 };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `firstWords`: the folded first word of each way of writing the name, one of which a text must contain to match. */
interface CompiledName {
  length: number;
  firstWords: string[];
  re: RegExp;
}
type NamePattern = CompiledName | null;

/** Compiled patterns by service name: every ticket of an account matches the same few names. */
const patternCache = new Map<string, NamePattern>();
const PATTERN_CACHE_SIZE = 2000;

/** Regexes for a service name; 'đ' may be written 'd' or 'dj'. Null when the name has no letters or digits. */
function namePatterns(name: string): NamePattern {
  let cached = patternCache.get(name);
  if (cached === undefined) {
    if (patternCache.size >= PATTERN_CACHE_SIZE) patternCache.clear();
    cached = compileNamePatterns(name);
    patternCache.set(name, cached);
  }
  return cached;
}

function compileNamePatterns(name: string): NamePattern {
  const variants = new Set<string>();
  const firstWords = new Set<string>();
  for (const dj of [false, true]) {
    const n = (dj ? name.replace(/đ/g, 'dj').replace(/Đ/g, 'Dj') : name).normalize('NFC');
    const words = fold(n).match(/[\p{L}\p{N}]+/gu);
    if (!words) continue;
    variants.add(words.map(escape).join(String.raw`[\s\-_./]+`));
    firstWords.add(words[0]!);
  }
  if (variants.size === 0) return null;
  const body = [...variants].join('|');
  return {
    length: fold(name).trim().length,
    firstWords: [...firstWords],
    re: new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${body})(?![\p{L}\p{N}])`, 'gu'),
  };
}

/** Services matched by name, in the folded text; longer names claim their words first. */
function matchByName(text: string, services: readonly CustomerService[]): Set<string> {
  const folded = fold(text);
  const used: Array<[number, number]> = [];
  const matched = new Set<string>();
  const candidates = services
    .map((s) => ({ s, p: namePatterns(s.name) }))
    .filter((c): c is { s: CustomerService; p: CompiledName } => c.p !== null)
    .sort((a, b) => b.p.length - a.p.length);
  for (const { s, p } of candidates) {
    // A plain substring search rejects most texts before the regex (lookbehind at every position) runs.
    if (!p.firstWords.some((w) => folded.includes(w))) continue;
    for (const m of folded.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (used.some(([a, b]) => start < b && a < end)) continue;
      used.push([start, end]);
      matched.add(s.id);
    }
  }
  return matched;
}

const digitsOnly = (s: string) => s.replace(/\D/g, '');

export interface ServiceMatching {
  services: ServiceMatch[];
  unknownIpAddresses: string[];
  unknownOrderNumbers: string[];
}

/**
 * Match the text against the customer's services. `ipAddresses` and
 * `orderNumbers` are what was found in the text (canonical forms).
 * Each service appears once, with its strongest reason (name > order > ip),
 * in the order the services were given.
 */
export function matchServices(
  text: string,
  services: readonly CustomerService[],
  ipAddresses: readonly string[],
  orderNumbers: readonly string[],
): ServiceMatching {
  const reason = new Map<string, MatchReason>();
  const note = (id: string, r: MatchReason) => {
    const prev = reason.get(id);
    if (!prev || STRENGTH[r] > STRENGTH[prev]) reason.set(id, r);
  };

  for (const id of matchByName(text, services)) note(id, 'name');

  const unknownOrderNumbers: string[] = [];
  for (const order of orderNumbers) {
    const owners = services.filter((s) => digitsOnly(s.orderNumber) === order);
    if (owners.length === 0) unknownOrderNumbers.push(order);
    for (const s of owners) note(s.id, 'order');
  }

  const unknownIpAddresses: string[] = [];
  for (const ip of ipAddresses) {
    const key = ipKey(ip);
    const owners = services.filter((s) =>
      s.ipAddresses.some((a) => {
        const c = canonicalIp(a);
        return c !== null && ipKey(c) === key;
      }),
    );
    if (owners.length === 0) unknownIpAddresses.push(ip);
    for (const s of owners) note(s.id, 'ip');
  }

  const seen = new Set<string>();
  const out: ServiceMatch[] = [];
  for (const s of services) {
    const r = reason.get(s.id);
    if (r && !seen.has(s.id)) {
      seen.add(s.id);
      out.push({ id: s.id, name: s.name, matchedBy: r });
    }
  }
  return { services: out, unknownIpAddresses, unknownOrderNumbers };
}

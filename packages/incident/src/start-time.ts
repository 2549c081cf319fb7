/**
 * When did the problem start? Finds time expressions in Croatian or English
 * free text ('od 14:30', 'since 2:30 pm CET', 'jučer u 23:10',
 * '2026-11-24T14:30+01:00', 'prije 20 minuta') and turns the one that most
 * likely marks the start of the incident into an instant.
 *
 * Choice: times attached to a start phrase win ('since', 'od', 'počelo',
 * 'went down at' beat a plain 'at', 'u', 'jutros'); times inside pasted log
 * lines are then ignored. Without any start phrase, the first time wins.
 */
import { isDiagnosticLine, startsWithLogTimestamp } from './diagnostics.js';
import { findIpMatches } from './ip.js';
import { findOrderMatches } from './order-numbers.js';
import { Coverage, fold, lineAt, splitLines, type Span } from './text.js';
import {
  addDays,
  canonicalZone,
  civilDate,
  formatOffset,
  isValidDate,
  isValidZone,
  parseZonedTime,
  weekday,
  type CivilDate,
} from './zones.js';

export interface StartTime {
  /** ISO 8601, UTC. */
  utc: string;
  /** IANA zone, 'UTC', or a fixed offset like '+02:00'. */
  zone: string;
  /** False when the text named no zone and the default zone was assumed. */
  zoneStated: boolean;
  /** The matched text. */
  source: string;
}

export interface StartTimeOptions {
  /** IANA zone for times without a stated zone. */
  defaultZone: string;
  now: Date;
}

/**
 * A start time up to this far ahead of `now` is a clock difference, not the
 * future (nor yesterday): the extractor, the form and the server all allow it.
 */
export const FUTURE_TOLERANCE_MS = 10 * 60_000;

type DayRef = { kind: 'offset'; days: number; night: boolean } | { kind: 'weekday'; dow: number } | { kind: 'date'; date: PartialDate };

interface PartialDate {
  year?: number;
  month: number;
  day: number;
}

interface Candidate extends Span {
  date?: PartialDate;
  hour: number;
  minute: number;
  second: number;
  /** Zone written with the time (canonical). */
  zone?: string;
  /** 'yesterday', 'jučer', ... written after the time. */
  dayAfter?: DayRef;
  /** Milliseconds before `now`, for 'prije 20 minuta' / '2 hours ago'. */
  agoMs?: number;
  /** Dot times ('14.30') and bare hours ('14h', '2 sata') need a preposition to count as times. */
  needsContext: boolean;
  /** A dot time or bare hour, with or without 'h': after 'for', 'već', 'trajalo'... it is a duration. */
  durationLike: boolean;
  /** Earliest position of the expression including a preceding day word (for `source`). */
  sourceStart: number;
  tier: number;
  inLog: boolean;
}

// ---------------------------------------------------------------------------
// Vocabulary (compared after fold(): lower case, no diacritics)

const STRONG = new Set(
  (
    'since from started start starts starting began begin begins beginning begun down crashed crash stopped failed died ' +
    'unavailable unreachable inaccessible offline outage ' +
    'od pocelo poceo pocela poceli pocele pocinje poceti pocetak pocetka krenulo krenuo krenula pao pala palo pali prestao prestala ' +
    'prestalo prestali nedostupan nedostupna nedostupno nedostupni stao stala stalo srusio srusila srusilo ispao ispala ispalo'
  ).split(' '),
);
/** Words that make a dot time or bare hour a clock time: 'od 14h', 'u 14.30', 'at 2 pm'. */
const PREP = new Set(
  'od u oko since from at around about approx approximately roughly cca ca otprilike otpr pribl negdje negde'.split(' '),
);
const WEAK = new Set([...PREP, ...'after nakon poslije posle between izmedu circa'.split(' ')]);
const FILLER = new Set(
  (
    "je se su sam smo ste si bio bila bilo bili ga mi nam it its it's has have had been was were is are the a an on this last " +
    'morning afternoon evening night ujutro ujutru popodne navecer uvecer time vrijeme vremena problem problems problemi issue issues ' +
    'site website server servers stranica stranice web working work responding raditi radi rade ne not nije nisu all everything sve ' +
    'service usluga went go gone exactly tocno just upravo again opet ponovno completely potpuno totally'
  ).split(' '),
);
/** Before a number these make it a duration: 'for 2h', 'već 2 sata', 'za 2h'. */
const DURATION = new Set(
  (
    'for vec already prije ago zadnjih zadnja zadnje zadnji posljednjih posljednja posljednje past over within unutar za ' +
    'trajalo traje trajao took lasted lasting every svakih svaki svake each in nakon after'
  ).split(' '),
);
const ABBREVIATIONS = new Set(['cca', 'ca', 'approx', 'pribl', 'otpr']);

const DAY_WORDS = String.raw`today|yesterday|tonight|last\s+night|this\s+(?:morning|afternoon|evening)|danas|prekju[čc]er|ju[čc]er|ju[čc]e|sino[ćc]|jutros|ve[čc]eras|no[ćc]as`;

function dayWord(word: string): DayRef | null {
  const w = fold(word).replace(/\s+/g, ' ');
  if (/^(?:today|tonight|this (?:morning|afternoon|evening)|danas|jutros|veceras)$/.test(w))
    return { kind: 'offset', days: 0, night: false };
  if (/^(?:yesterday|jucer|juce)$/.test(w)) return { kind: 'offset', days: -1, night: false };
  if (/^(?:last night|sinoc|nocas)$/.test(w)) return { kind: 'offset', days: -1, night: true };
  if (w === 'prekjucer') return { kind: 'offset', days: -2, night: false };
  return null;
}

const WEEKDAYS: Array<[number, RegExp]> = [
  [1, /^(?:monday|ponedjelj(?:ak|ka|ku))$/],
  [2, /^(?:tuesday|utor(?:ak|ka|ku))$/],
  [3, /^(?:wednesday|srijed[aeiu])$/],
  [4, /^(?:thursday|cetvrt(?:ak|ka|ku))$/],
  [5, /^(?:friday|pet(?:ak|ka|ku))$/],
  [6, /^(?:saturday|subot[aeiu])$/],
  [0, /^(?:sunday|nedjelj[aeiu])$/],
];

const MONTHS: Array<[number, string]> = [
  [1, 'jan(?:uary)?|sije[čc](?:anj|nja|nju)'],
  [2, 'feb(?:ruary)?|velja[čc][aei]'],
  [3, 'mar(?:ch)?|o[žz]uj(?:ak|ka|ku)'],
  [4, 'apr(?:il)?|trav(?:anj|nja|nju)'],
  [5, 'may|svib(?:anj|nja|nju)'],
  [6, 'june?|lip(?:anj|nja|nju)'],
  [7, 'july?|srp(?:anj|nja|nju)'],
  [8, 'aug(?:ust)?|kolovoz[au]?'],
  [9, 'sep(?:t(?:ember)?)?|ruj(?:an|na|nu)'],
  [10, 'oct(?:ober)?|listopad[au]?'],
  [11, 'nov(?:ember)?|studen(?:i|oga|og|om)'],
  [12, 'dec(?:ember)?|prosin(?:ac|ca|cu)'],
];
const MONTH = MONTHS.map(([, r]) => `(?:${r})`).join('|');
const MONTH_TESTS = MONTHS.map(([n, r]) => [n, new RegExp(`^(?:${r})$`, 'iu')] as const);
const monthOf = (word: string) => MONTH_TESTS.find(([, re]) => re.test(word))?.[0];

// ---------------------------------------------------------------------------
// Patterns

const DATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.])(?:` +
    String.raw`(?<isoY>\d{4})[-/](?<isoM>\d{1,2})[-/](?<isoD>\d{1,2})(?![\p{N}])` +
    String.raw`|(?<dD>\d{1,2})\.\s?(?<dM>\d{1,2})\.(?:\s?(?<dY4>\d{4})(?![\p{N}])(?:\.(?!\d))?|(?<dY2>\d{2})(?![\p{N}]|[.:]\d)\.?)?` +
    String.raw`|(?<sD>\d{1,2})/(?<sM>\d{1,2})/(?<sY>\d{4})(?![\p{N}])` +
    String.raw`|(?<nD>\d{1,2})\.?\s*(?<nMon>${MONTH})\.?(?!\p{L})(?:,?\s*(?<nY>\d{4})(?![\p{N}]|:\d)\.?)?` +
    String.raw`|(?<mMon>${MONTH})\.?(?!\p{L})\s*(?<mD>\d{1,2})(?:st|nd|rd|th)?(?![\p{N}]|[:.]\d)(?:,?\s+(?<mY>\d{4})(?![\p{N}]|:\d))?` +
    ')',
  'giu',
);

const SEP = String.raw`(?:T|\s*,\s*|\s+)(?:(?:u|at|oko|od|around|about|from|since)\s+|[@\-–—]\s*)?`;

const CORE =
  String.raw`(?:(?<ch>\d{1,2}):(?<cm>\d{2})(?::(?<cs>\d{2})(?:[.,]\d{1,9})?)?|(?<dh>\d{1,2})\.(?<dm>\d{2})|(?<bh>\d{1,2}))` +
  String.raw`(?:\s?(?<ampm>[ap]\.?\s?m\.?)(?!\p{L})` +
  String.raw`|(?<hs>\s?h(?![\p{L}\p{N}])|\s+(?:sati|sata|sat)(?!\p{L}))` +
  String.raw`|\s+(?<part>ujutro|ujutru|prijepodne|popodne|poslijepodne|nave[čc]er|nave[čc]e|uve[čc]er)(?!\p{L}))?` +
  String.raw`(?![\p{N}]|[.:]\d)`;

const TIME_SCAN = new RegExp(String.raw`(?<![\p{L}\p{N}_.:/+\-−])` + CORE, 'giu');
const TIME_AFTER_DATE = new RegExp(SEP + CORE, 'iuy');

/** Apache/nginx access log: [24/Nov/2026:14:30:01 +0100] */
const ACCESS_LOG = /(?<![\p{N}])(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s([+-]\d{4}))?/gu;

/** Other common abbreviations with one unambiguous offset (written in capitals only: 'west' is a word). */
const FIXED_ABBREVIATIONS: Record<string, number> = {
  WET: 0,
  WEST: 60,
  BST: 60,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

const ZONE_TOKEN =
  String.raw`(?:(?:${Object.keys(FIXED_ABBREVIATIONS).join('|')})(?:-u|-a)?(?![\p{L}\p{N}])` +
  String.raw`|(?:CEST|CET|SELV|SEV|UTC|GMT)(?:\s?[+\-−]\s?\d{1,2}(?::?\d{2})?)?(?:-u|-a)?(?![\p{L}\p{N}])` +
  String.raw`|[+\-−]\d{2}:?\d{2}(?![\p{N}])` +
  String.raw`|[A-Za-z]+(?:/[A-Za-z0-9_+\-]+)+)`;
const ZONE_AFTER = new RegExp(String.raw`\s*(?:\(\s*(?<p>${ZONE_TOKEN})\s*\)|,?\s*(?:po\s+)?(?<w>${ZONE_TOKEN}))`, 'iuy');
const ZONE_ATTACHED = /(?:Z(?![\p{L}\p{N}])|[+\-−]\d{2}(?::?\d{2})?(?![\p{N}]))/uy;
const DAY_AFTER = new RegExp(String.raw`\s+(?<d>${DAY_WORDS})(?!\p{L})`, 'iuy');

/** 'time zone: Europe/London', 'vremenska zona je UTC', 'all times in UTC'. */
const ZONE_STATEMENT = new RegExp(
  String.raw`(?:\btime\s*zone|\bvremensk\p{L}*\s+zon\p{L}*|\bzona|\b(?:all\s+)?times?\s+(?:are\s+)?in|\b(?:sva\s+)?(?:vrijeme|vremena)\s+(?:su\s+|je\s+)?u)` +
    String.raw`(?:\s*(?:is|je|:|=|-))*\s*\(?\s*(?<z>${ZONE_TOKEN})`,
  'giu',
);

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  jedan: 1,
  jednog: 1,
  jednu: 1,
  dva: 2,
  dvije: 2,
  tri: 3,
  cetiri: 4,
  pet: 5,
};
const AGO_EN = /\b(\d{1,3}|an?|one|two|three|four|five|half an?)\s*(minutes?|mins?|m|hours?|hrs?|h)\s+ago\b/giu;
const AGO_HR =
  /\bprije\s+(?:otprilike\s+|oko\s+|cca\.?\s+|nekih\s+)?(?:(\d{1,3})\s*(minut[aeu]?|min\.?|sat[ai]?|h)|(pola)\s+(sata|minute)|(sat|jedan\s+sat|jednog\s+sata)(?:\s+vremena)?|(dva|dvije|tri|[čc]etiri|pet)\s+(sata|sati|minute|minuta))(?!\p{L})/giu;

// ---------------------------------------------------------------------------
// Parsing helpers

type Groups = Record<string, string | undefined>;

/** Zone token -> canonical zone ('+01:00' for CET, 'UTC', '+05:30', 'Europe/London'), or null. */
function parseZoneToken(token: string): string | null {
  const t = token.trim().replace(/−/g, '-');
  const abbr = /^(CEST|CET|SELV|SEV|UTC|GMT)(?:\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?)?(?:-u|-a)?$/i.exec(t);
  if (abbr) {
    const name = abbr[1]!.toUpperCase();
    if (name === 'CET' || name === 'SEV') return abbr[2] ? null : '+01:00';
    if (name === 'CEST' || name === 'SELV') return abbr[2] ? null : '+02:00';
    if (!abbr[2]) return 'UTC';
    return offsetZone(abbr[2], abbr[3]!, abbr[4]);
  }
  const named = /^([A-Z]{3,4})(?:-u|-a)?$/.exec(t);
  if (named && FIXED_ABBREVIATIONS[named[1]!] !== undefined) return formatOffset(FIXED_ABBREVIATIONS[named[1]!]!);
  const off = /^([+-])(\d{2}):?(\d{2})?$/.exec(t);
  if (off) return offsetZone(off[1]!, off[2]!, off[3]);
  if (t === 'Z') return 'UTC';
  if (t.includes('/') && isValidZone(t)) return canonicalZone(t);
  return null;
}

function offsetZone(sign: string, hours: string, minutes: string | undefined): string | null {
  const h = Number(hours);
  const m = Number(minutes ?? 0);
  if (h > 14 || m > 59) return null;
  return formatOffset((sign === '-' ? -1 : 1) * (h * 60 + m));
}

function partialDate(g: Groups, year2000: (y: number) => number): PartialDate | null {
  let year: number | undefined;
  let month: number;
  let day: number;
  if (g.isoY) {
    [year, month, day] = [Number(g.isoY), Number(g.isoM), Number(g.isoD)];
  } else if (g.dD) {
    [month, day] = [Number(g.dM), Number(g.dD)];
    if (g.dY4) year = Number(g.dY4);
    else if (g.dY2) year = year2000(Number(g.dY2));
  } else if (g.sD) {
    // Day first, as written in Croatia, unless that cannot be (11/24/2026).
    [day, month, year] = [Number(g.sD), Number(g.sM), Number(g.sY)];
    if (month > 12 && day <= 12) [day, month] = [month, day];
  } else if (g.nD) {
    [day, month] = [Number(g.nD), monthOf(g.nMon!) ?? 0];
    if (g.nY) year = Number(g.nY);
  } else {
    [day, month] = [Number(g.mD), monthOf(g.mMon!) ?? 0];
    if (g.mY) year = Number(g.mY);
  }
  if (!isValidDate(year ?? 2000, month, day)) return null;
  return year === undefined ? { month, day } : { year, month, day };
}

interface ParsedTime {
  hour: number;
  minute: number;
  second: number;
  needsContext: boolean;
  durationLike: boolean;
  /** Seconds were written: a machine timestamp, so an attached offset ('-05:00') is a zone. */
  precise: boolean;
}

function parseTime(g: Groups): ParsedTime | null {
  let hour: number;
  let minute = 0;
  let second = 0;
  let needsContext = false;
  if (g.ch !== undefined) {
    hour = Number(g.ch);
    minute = Number(g.cm);
    second = Number(g.cs ?? 0);
  } else if (g.dh !== undefined) {
    hour = Number(g.dh);
    minute = Number(g.dm);
    needsContext = g.hs === undefined;
  } else {
    hour = Number(g.bh);
    if (g.ampm === undefined && g.hs === undefined && g.part === undefined) return null;
    needsContext = g.ampm === undefined;
  }
  if (minute > 59 || second > 59) return null;
  if (g.ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const pm = g.ampm.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  } else if (g.part !== undefined) {
    const part = fold(g.part);
    if (part.startsWith('uju') || part === 'prijepodne') {
      if (hour > 12) return null;
      hour %= 12;
    } else if (hour < 12 && (part.includes('podne') || hour >= 5)) {
      hour += 12;
    }
  }
  if (hour > 23) return null;
  return { hour, minute, second, needsContext, durationLike: g.ch === undefined, precise: g.cs !== undefined };
}

/** Zone written right after a time, and where it ends. */
function zoneAfter(text: string, at: number, allowAttached: boolean): { zone: string; end: number } | null {
  if (allowAttached) {
    ZONE_ATTACHED.lastIndex = at;
    const a = ZONE_ATTACHED.exec(text);
    if (a) {
      const zone = parseZoneToken(a[0]);
      if (zone) return { zone, end: at + a[0].length };
    }
  }
  ZONE_AFTER.lastIndex = at;
  const m = ZONE_AFTER.exec(text);
  if (!m) return null;
  const token = m.groups!.p ?? m.groups!.w!;
  const zone = parseZoneToken(token);
  return zone ? { zone, end: at + m[0].length } : null;
}

function dayAfter(text: string, at: number): { day: DayRef; end: number } | null {
  DAY_AFTER.lastIndex = at;
  const m = DAY_AFTER.exec(text);
  if (!m) return null;
  const day = dayWord(m.groups!.d!);
  return day ? { day, end: at + m[0].length } : null;
}

// ---------------------------------------------------------------------------
// Collecting candidates

interface StandaloneDate extends Span {
  date: PartialDate;
}

/** Every pattern of collect() needs an ASCII digit, 'ago' or 'prije': text with none of them is not read further. */
const MAY_HOLD_TIME = /\d|ago|prije/iu;

function collect(text: string, now: Date, defaultZone: string): { candidates: Candidate[]; dates: StandaloneDate[] } {
  if (!MAY_HOLD_TIME.test(text)) return { candidates: [], dates: [] };
  // IPs and order numbers are never times; each character belongs to at most one expression.
  const taken = new Coverage(text.length);
  for (const span of [...findIpMatches(text), ...findOrderMatches(text)]) taken.add(span);
  const candidates: Candidate[] = [];
  const dates: StandaloneDate[] = [];
  const nowYear = civilDate(defaultZone, now).year;
  const year2000 = (y: number) => (2000 + y > nowYear + 1 ? 1900 + y : 2000 + y);

  const finish = (c: Omit<Candidate, 'end' | 'tier' | 'inLog' | 'sourceStart'>, timeEnd: number, allowAttached: boolean) => {
    let end = timeEnd;
    const z = c.zone ? null : zoneAfter(text, end, allowAttached);
    if (z) end = z.end;
    const d = dayAfter(text, end);
    if (d) end = d.end;
    const cand: Candidate = { ...c, end, zone: c.zone ?? z?.zone, dayAfter: d?.day, sourceStart: c.start, tier: 0, inLog: false };
    candidates.push(cand);
    taken.add(cand);
  };

  // 1. Access-log timestamps.
  for (const m of text.matchAll(ACCESS_LOG)) {
    const month = monthOf(m[2]!);
    const [day, year] = [Number(m[1]), Number(m[3])];
    const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
    if (!month || !isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) continue;
    const zone = m[7] ? (parseZoneToken(m[7]) ?? undefined) : undefined;
    finish(
      { start: m.index, date: { year, month, day }, hour, minute, second, zone, needsContext: false, durationLike: false },
      m.index + m[0].length,
      false,
    );
  }

  // 2. Dates, with the time that follows them.
  for (const m of text.matchAll(DATE)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (taken.overlaps(span)) continue;
    const g = m.groups as Groups;
    const date = partialDate(g, year2000);
    if (!date) continue;
    // 'u 12.10.' at the end of a sentence is a time, not 12 October.
    if (g.dD && !g.dY4 && !g.dY2 && /(?:^|[^\p{L}])(?:u|at|oko|around)\s+$/iu.test(text.slice(Math.max(0, span.start - 8), span.start)))
      continue;
    TIME_AFTER_DATE.lastIndex = span.end;
    const t = TIME_AFTER_DATE.exec(text);
    // '12.11. - 13.11.' is a date range, not 12 November at 13:11.
    const anotherDate = t?.groups?.dh !== undefined && text[span.end + t[0].length] === '.';
    const parsed = t && !anotherDate ? parseTime(t.groups as Groups) : null;
    if (t && parsed) {
      const iso = Boolean(g.isoY);
      finish(
        {
          start: span.start,
          date,
          hour: parsed.hour,
          minute: parsed.minute,
          second: parsed.second,
          needsContext: false,
          durationLike: false,
        },
        span.end + t[0].length,
        iso || parsed.precise,
      );
    } else {
      dates.push({ ...span, date });
      taken.add(span);
    }
  }

  // 3. Relative times: '2 hours ago', 'prije 20 minuta'.
  for (const re of [AGO_EN, AGO_HR]) {
    for (const m of text.matchAll(re)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (taken.overlaps(span)) continue;
      const ms = agoMilliseconds(m);
      if (ms === null) continue;
      const cand: Candidate = {
        ...span,
        hour: 0,
        minute: 0,
        second: 0,
        agoMs: ms,
        needsContext: false,
        durationLike: false,
        sourceStart: span.start,
        tier: 0,
        inLog: false,
      };
      candidates.push(cand);
      taken.add(span);
    }
  }

  // 4. Times on their own.
  for (const m of text.matchAll(TIME_SCAN)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (taken.overlaps(span)) continue;
    const parsed = parseTime(m.groups as Groups);
    if (!parsed) continue;
    finish(
      {
        start: span.start,
        hour: parsed.hour,
        minute: parsed.minute,
        second: parsed.second,
        needsContext: parsed.needsContext,
        durationLike: parsed.durationLike,
      },
      span.end,
      parsed.precise,
    );
  }

  return { candidates: candidates.sort((a, b) => a.start - b.start), dates };
}

function agoMilliseconds(m: RegExpMatchArray): number | null {
  const minute = 60_000;
  const hour = 60 * minute;
  if (m[0].toLowerCase().endsWith('ago')) {
    const n = m[1]!.toLowerCase();
    const unit = m[2]!.toLowerCase().startsWith('h') ? hour : minute;
    if (n.startsWith('half')) return unit === hour ? 30 * minute : null;
    const count = /^\d+$/.test(n) ? Number(n) : NUMBER_WORDS[n];
    return count === undefined ? null : count * unit;
  }
  // prije ...
  if (m[1] !== undefined) {
    const unit = /^(?:sat|h)/i.test(m[2]!) ? hour : minute;
    return Number(m[1]) * unit;
  }
  if (m[3] !== undefined) return fold(m[4]!).startsWith('sat') ? 30 * minute : 30_000;
  if (m[5] !== undefined) return hour;
  const count = NUMBER_WORDS[fold(m[6]!)];
  if (count === undefined) return null;
  return count * (fold(m[7]!).startsWith('sat') ? hour : minute);
}

// ---------------------------------------------------------------------------
// Context: what precedes a time in its clause

interface Context {
  tier: number;
  day?: DayRef;
  dayStart?: number;
  /** A dot time or bare hour that is not a clock time ('for 2h', 'trajalo 1.30 sati'). */
  rejected: boolean;
}

function context(text: string, lineStart: number, cand: Candidate, dates: ReadonlyMap<number, StandaloneDate>): Context {
  let pos = cand.start;
  let tier = cand.agoMs !== undefined ? 1 : 0;
  let day: DayRef | undefined;
  let dayStart: number | undefined;
  let firstMeaningful: string | undefined;
  let previous: string | undefined;
  let rejected = false;

  for (let steps = 0; steps < 10; steps++) {
    while (pos > lineStart && /[\s,:(\-–—~@]/.test(text[pos - 1]!)) pos--;
    if (pos <= lineStart) break;
    const date = dates.get(pos);
    if (date) {
      if (!day) {
        day = { kind: 'date', date: date.date };
        dayStart = date.start;
      }
      pos = date.start;
      continue;
    }
    const m = /([\p{L}']+)(\.?)$/u.exec(text.slice(Math.max(lineStart, pos - 40), pos));
    if (!m) break;
    const word = fold(m[1]!);
    if (m[2] === '.' && !ABBREVIATIONS.has(word)) break;
    const wordStart = pos - m[0].length;

    let dref = dayWord(word);
    if (!dref && word === 'last' && previous === 'night') dref = { kind: 'offset', days: -1, night: true };
    if (!dref && word === 'this' && previous && /^(?:morning|afternoon|evening)$/.test(previous))
      dref = { kind: 'offset', days: 0, night: false };
    const dow = WEEKDAYS.find(([, re]) => re.test(word))?.[0];
    if (!dref && dow !== undefined) dref = { kind: 'weekday', dow };

    if (dref) {
      tier = Math.max(tier, 1);
      if (!day) {
        day = dref;
        dayStart = wordStart;
      }
    } else if (STRONG.has(word)) {
      tier = 2;
      firstMeaningful ??= word;
    } else if (WEAK.has(word)) {
      tier = Math.max(tier, 1);
      firstMeaningful ??= word;
    } else if (DURATION.has(word)) {
      if (cand.durationLike) rejected = true;
      break;
    } else if (!FILLER.has(word)) {
      break;
    }
    previous = word;
    pos = wordStart;
  }
  if (cand.needsContext && (firstMeaningful === undefined || !PREP.has(firstMeaningful))) rejected = true;
  return { tier, day, dayStart, rejected };
}

// ---------------------------------------------------------------------------
// Resolving a candidate to an instant

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function instant(date: CivilDate, c: Candidate, zone: string): Date {
  return parseZonedTime(`${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`, zone);
}

function resolve(c: Candidate, day: DayRef | undefined, zone: string, now: Date): Date | null {
  if (c.agoMs !== undefined) return new Date(Math.floor((now.getTime() - c.agoMs) / 60_000) * 60_000);
  const limit = now.getTime() + FUTURE_TOLERANCE_MS;
  const today = civilDate(zone, now);
  const explicit = c.date ?? (day?.kind === 'date' ? day.date : undefined);
  if (explicit) {
    if (explicit.year !== undefined) {
      // A dated time still ahead is a plan ('the migration on 25.11.2026 at 10:00'), not when a problem began.
      const t = instant({ ...explicit, year: explicit.year }, c, zone);
      return t.getTime() > limit ? null : t;
    }
    let year = today.year;
    if (!isValidDate(year, explicit.month, explicit.day)) year--; // 29 February
    let t = instant({ year, month: explicit.month, day: explicit.day }, c, zone);
    if (t.getTime() > limit) {
      year--;
      while (!isValidDate(year, explicit.month, explicit.day)) year--;
      t = instant({ year, month: explicit.month, day: explicit.day }, c, zone);
    }
    return t;
  }
  if (day?.kind === 'weekday') {
    const back = (weekday(today) - day.dow + 7) % 7;
    const t = instant(addDays(today, -back), c, zone);
    return t.getTime() > limit ? instant(addDays(today, -back - 7), c, zone) : t;
  }
  let offset = day?.kind === 'offset' ? day.days : 0;
  // 'sinoć u 1:30' is the night that just ended: today's date.
  if (day?.kind === 'offset' && day.night && c.hour < 12) offset += 1;
  const t = instant(addDays(today, offset), c, zone);
  return t.getTime() > limit ? instant(addDays(today, offset - 1), c, zone) : t;
}

/** A zone the customer stated for all times ('time zone: Europe/London'), if any. */
function statedZone(text: string): string | null {
  for (const m of text.matchAll(ZONE_STATEMENT)) {
    const zone = parseZoneToken(m.groups!.z!);
    if (zone) return zone;
  }
  return null;
}

/** The start of the problem as stated in the text, or null. */
export function findStartTime(text: string, options: StartTimeOptions): StartTime | null {
  const { defaultZone, now } = options;
  const { candidates, dates } = collect(text, now, defaultZone);
  if (candidates.length === 0) return null;
  const lines = splitLines(text);
  const datesByEnd = new Map(dates.map((d) => [d.end, d]));
  const logLines = new Map<number, { strict: boolean; diagnostic: boolean }>();
  const logInfo = (line: (typeof lines)[number]) => {
    let info = logLines.get(line.start);
    if (!info) {
      info = { strict: line.inFence || startsWithLogTimestamp(line.text), diagnostic: isDiagnosticLine(line.text) };
      logLines.set(line.start, info);
    }
    return info;
  };

  const usable: Array<{ c: Candidate; ctx: Context }> = [];
  for (const c of candidates) {
    const line = lineAt(lines, c.start);
    const ctx = context(text, line.start, c, datesByEnd);
    if (ctx.rejected) continue;
    const log = logInfo(line);
    c.tier = log.strict ? 0 : ctx.tier;
    c.inLog = log.strict || (c.tier === 0 && log.diagnostic);
    c.sourceStart = ctx.dayStart !== undefined ? Math.min(ctx.dayStart, c.start) : c.start;
    usable.push({ c, ctx });
  }

  const withStart = usable.filter(({ c }) => !c.inLog && c.tier > 0);
  const ranked = withStart.length > 0 ? [...withStart].sort((a, b) => b.c.tier - a.c.tier || a.c.start - b.c.start) : usable;

  const globalZone = statedZone(text);
  for (const { c, ctx } of ranked) {
    const zone = c.zone ?? globalZone ?? defaultZone;
    const zoneStated = c.zone !== undefined || globalZone !== null || c.agoMs !== undefined;
    let at: Date | null;
    try {
      at = resolve(c, ctx.day ?? c.dayAfter, zone, now);
    } catch {
      at = null;
    }
    if (!at) continue;
    return { utc: at.toISOString(), zone, zoneStated, source: text.slice(c.sourceStart, c.end).trim() };
  }
  return null;
}

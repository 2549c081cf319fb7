import type { BusinessHours, LocalizedText } from '@centrala/contracts';
import { counted, locales, type CountedNoun } from '../../shared/text.js';
import { dueAfter, nextOpening } from './clock.js';

/** What a promise is made from: the target and the calendar its clock runs on (EffectivePolicy fits). */
export interface PromisedTarget {
  firstResponseSeconds: number;
  businessHours: BusinessHours | null;
}

/**
 * The first answer promised to someone who writes at `at` (R7, R16): the one
 * statement of it, which the acknowledgement mail, the screen after filing
 * and the public contact page all show, so none of them promises what the
 * clock does not keep. A phrase to put after "Expect a first answer …":
 * - the clock runs the whole target from now: "within 10 minutes";
 * - closed now, the whole target fits in the next opening: "within 10 minutes of our opening on Monday at 08:00";
 * - otherwise (the target runs over a closing): the due instant, "by Monday at 08:07".
 * It uses dueAfter, the clock's own rule, so the promise is the ticket's due time in words.
 */
export function firstResponsePromise(
  target: PromisedTarget,
  at: Date,
  /** The due instant when the caller has worked it out already (intake's clock has): the calendar is read once. */
  due = dueAfter(at, target.firstResponseSeconds, target.businessHours),
): LocalizedText {
  const { firstResponseSeconds: seconds, businessHours: hours } = target;
  const within = duration(seconds);
  if (!hours || due.getTime() - at.getTime() <= seconds * 1000) return { en: `within ${within.en}`, hr: `u roku od ${within.hr}` };
  const opening = nextOpening(at, hours);
  if (opening.getTime() > at.getTime() && due.getTime() - opening.getTime() <= seconds * 1000) {
    const when = wallTime(opening, at, hours.zone);
    return {
      en: `within ${within.en} of our opening on ${when.en}`,
      hr: `u roku od ${within.hr} od našeg otvaranja u ${when.hrAccusative}`,
    };
  }
  const when = wallTime(due, at, hours.zone);
  return { en: `by ${when.en}`, hr: `do ${when.hrGenitive}` };
}

// Croatian in the genitive that "u roku od" asks for ("od 1 minute", "od 5 minuta"), not the nominative ("1 minuta").
const SECONDS: CountedNoun = { en: { one: 'second', other: 'seconds' }, hr: { one: 'sekunde', few: 'sekunde', other: 'sekundi' } };
const MINUTES: CountedNoun = { en: { one: 'minute', other: 'minutes' }, hr: { one: 'minute', few: 'minute', other: 'minuta' } };
const HOURS: CountedNoun = { en: { one: 'hour', other: 'hours' }, hr: { one: 'sata', few: 'sata', other: 'sati' } };

/**
 * A promised time as people say it: seconds under a minute (tests and demos shorten targets), hours when whole, else
 * minutes. A part minute counts as a whole one, so the promise is never shorter than the target.
 */
function duration(seconds: number): LocalizedText {
  if (seconds < 60) return counted(seconds, SECONDS);
  if (seconds % 3600 === 0) return counted(seconds / 3600, HOURS);
  return counted(Math.ceil(seconds / 60), MINUTES);
}

/** ISO weekday (1 = Monday) → the day after Croatian "u" (accusative) and "do" (genitive). */
const HR_DAYS: Record<number, { accusative: string; genitive: string }> = {
  1: { accusative: 'ponedjeljak', genitive: 'ponedjeljka' },
  2: { accusative: 'utorak', genitive: 'utorka' },
  3: { accusative: 'srijedu', genitive: 'srijede' },
  4: { accusative: 'četvrtak', genitive: 'četvrtka' },
  5: { accusative: 'petak', genitive: 'petka' },
  6: { accusative: 'subotu', genitive: 'subote' },
  7: { accusative: 'nedjelju', genitive: 'nedjelje' },
};
const EN_DAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** Further than this, a weekday alone could be read as the nearer day of that name (today's, when it is that day). */
const WEEKDAY_ALONE_MS = 6 * 24 * 3600_000;

/**
 * An instant as its weekday and wall time in the calendar's zone: "Monday at 08:00". The weekday names it within the
 * next six days; one further away also gets its date.
 */
function wallTime(instant: Date, from: Date, zone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  const time = `${get('hour')}:${get('minute')}`;
  const far = instant.getTime() - from.getTime() > WEEKDAY_ALONE_MS;
  const date = (locale: 'en' | 'hr') =>
    far ? ` ${new Intl.DateTimeFormat(locales[locale], { timeZone: zone, day: 'numeric', month: 'long' }).format(instant)}` : '';
  return {
    en: `${EN_DAYS[weekday]}${date('en')} at ${time}`,
    hrAccusative: `${HR_DAYS[weekday]!.accusative}${date('hr')} u ${time}`,
    hrGenitive: `${HR_DAYS[weekday]!.genitive}${date('hr')} u ${time}`,
  };
}

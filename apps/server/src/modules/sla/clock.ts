import type { BusinessHours, Weekday } from '@centrala/contracts';

const MINUTE = 60_000;

/**
 * The instant a target of `seconds` of working time, started at `from`, runs
 * out. 24/7 is plain addition; with business hours only open minutes count.
 */
export function dueAfter(from: Date, seconds: number, hours: BusinessHours | null): Date {
  if (!hours) return new Date(from.getTime() + seconds * 1000);
  let remaining = seconds * 1000;
  let t = from.getTime();
  // Walk minute by minute, bounded to a year; targets are minutes to days.
  for (let steps = 0; remaining > 0 && steps < 366 * 24 * 60; steps++) {
    const step = MINUTE - (t % MINUTE);
    if (isOpen(new Date(t), hours)) {
      const used = Math.min(step, remaining);
      remaining -= used;
      t += used;
    } else {
      t += step;
    }
  }
  return new Date(t);
}

/** The first instant at or after `from` when the clock runs: `from` itself while open. */
export function nextOpening(from: Date, hours: BusinessHours): Date {
  let t = from.getTime();
  // Minute by minute, as dueAfter walks; every policy opens at least one day a week.
  for (let steps = 0; !isOpen(new Date(t), hours) && steps < 8 * 24 * 60; steps++) t += MINUTE - (t % MINUTE);
  return new Date(t);
}

const WEEKDAY_NUMBER: Record<string, Weekday> = { Mon: '1', Tue: '2', Wed: '3', Thu: '4', Fri: '5', Sat: '6', Sun: '7' };
/** One formatter per zone: building one costs more than the rest of a minute's step. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (zone: string) => {
  let f = formatters.get(zone);
  if (!f)
    formatters.set(
      zone,
      (f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })),
    );
  return f;
};

function isOpen(at: Date, hours: BusinessHours): boolean {
  const parts = formatterFor(hours.zone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const window = hours.days[WEEKDAY_NUMBER[get('weekday')]!];
  if (!window) return false;
  const now = `${get('hour')}:${get('minute')}`;
  return now >= window[0] && now < window[1];
}

/** The near-breach instant: 80 % of the clock gone (issue 3); the SQL function sla_next_instant (migration 0009) is the same rule. */
export function warningAt(due: Date, clockMs: number): Date {
  return new Date(due.getTime() - clockMs * 0.2);
}

import type { BusinessHours, Weekday } from '@centrala/contracts';

const MINUTE = 60_000;
/**
 * The longest step the calendar walk takes without looking at the wall clock
 * again. Zones change their offset (summer time) only on a quarter hour of
 * UTC, so within one such step wall time and real time move together, and a
 * step that ends at a window's edge in wall minutes ends there in real time.
 */
const QUARTER_HOUR = 15 * MINUTE;
/** A year of quarter hours: targets are minutes to days, and every calendar opens at least one day a week. */
const MAX_STEPS = 366 * 24 * 4;

/**
 * The instant a target of `seconds` of working time, started at `from`, runs
 * out. 24/7 is plain addition; with business hours only open time counts.
 */
export function dueAfter(from: Date, seconds: number, hours: BusinessHours | null): Date {
  if (!hours) return new Date(from.getTime() + seconds * 1000);
  let remaining = seconds * 1000;
  let t = from.getTime();
  for (let steps = 0; remaining > 0 && steps < MAX_STEPS; steps++) {
    const { open, step } = calendarAt(t, hours);
    const used = open ? Math.min(step, remaining) : step;
    if (open) remaining -= used;
    t += used;
  }
  return new Date(t);
}

/** The first instant at or after `from` when the clock runs: `from` itself while open. */
export function nextOpening(from: Date, hours: BusinessHours): Date {
  let t = from.getTime();
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const { open, step } = calendarAt(t, hours);
    if (open) break;
    t += step;
  }
  return new Date(t);
}

const WEEKDAY_NUMBER: Record<string, Weekday> = { Mon: '1', Tue: '2', Wed: '3', Thu: '4', Fri: '5', Sat: '6', Sun: '7' };
/** One formatter per zone: building one costs more than many readings of it. */
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
const minutesOf = (wall: string) => Number(wall.slice(0, 2)) * 60 + Number(wall.slice(3, 5));
const DAY_MINUTES = 24 * 60;

/**
 * Whether the calendar is open at instant `t`, and for how long it stays so
 * (or closed) at most: to the window's next edge in wall time, never past the
 * next quarter hour of UTC. Offsets are whole minutes, so the seconds of `t`
 * are the seconds of its wall time.
 */
function calendarAt(t: number, hours: BusinessHours): { open: boolean; step: number } {
  const parts = formatterFor(hours.zone).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const window = hours.days[WEEKDAY_NUMBER[get('weekday')]!];
  const now = Number(get('hour')) * 60 + Number(get('minute'));
  const opens = window ? minutesOf(window[0]) : DAY_MINUTES;
  const closes = window ? minutesOf(window[1]) : DAY_MINUTES;
  const open = now >= opens && now < closes;
  const edge = open ? closes : now < opens ? opens : DAY_MINUTES;
  const toEdge = (edge - now) * MINUTE - (((t % MINUTE) + MINUTE) % MINUTE);
  const toQuarter = QUARTER_HOUR - (((t % QUARTER_HOUR) + QUARTER_HOUR) % QUARTER_HOUR);
  return { open, step: Math.min(toEdge, toQuarter) };
}

/** The near-breach instant: 80 % of the clock gone (issue 3); the SQL function sla_next_instant (migration 0009) is the same rule. */
export function warningAt(due: Date, clockMs: number): Date {
  return new Date(due.getTime() - clockMs * 0.2);
}

/**
 * Business hours for an SLA policy: per ISO weekday (1 = Monday … 7 =
 * Sunday), the open interval as "HH:mm" wall times in `zone`. No policy
 * hours means 24/7, the default (R7: tickets are answered around the clock).
 */
export interface BusinessHours {
  zone: string;
  days: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string]>>;
}

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

function isOpen(at: Date, hours: BusinessHours): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: hours.zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = String(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1) as keyof BusinessHours['days'];
  const window = hours.days[weekday];
  if (!window) return false;
  const now = `${get('hour')}:${get('minute')}`;
  return now >= window[0] && now < window[1];
}

/** The near-breach instant: 80 % of the clock gone (issue 3). */
export function warningAt(due: Date, clockMs: number): Date {
  return new Date(due.getTime() - clockMs * 0.2);
}

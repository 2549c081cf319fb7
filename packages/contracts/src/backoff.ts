export interface Backoff {
  /** The first wait. */
  initialMs: number;
  /** No wait is longer, however many attempts have failed. */
  maxMs: number;
}

/**
 * How long to wait before reconnecting after `attempt` failures in a row
 * (0 = the first retry): doubling from `initialMs` up to `maxMs`, then a
 * random part of it ("full jitter"), so many clients cut off by one restart
 * do not all come back in the same instant. `random` is Math.random's range.
 */
export function backoffDelay(attempt: number, { initialMs, maxMs }: Backoff, random: number = Math.random()): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  // At least half of the step: a retry never comes at once, and the wait still grows.
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

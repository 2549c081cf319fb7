import type { Logger } from 'pino';
import { backgroundLoop } from '../../shared/background-loop.js';

/**
 * SLA timers without a job per ticket (issue 9, points 4 and 14; docs/architecture.md
 * "Response-time promises"): every worker node runs a scanner that sleeps until the
 * earliest running clock's next instant, then marks whatever fell due in one batch.
 * The marking writes the tickets table, which the tickets module owns: it
 * implements `SlaTimers` (modules/tickets/sla-timers.ts) and the composition
 * root hands that to the scanner, as sla does not import tickets.
 */
export interface SlaTimers {
  /**
   * Marks up to `limit` tickets whose next instant has come (warning or breach,
   * history events, realtime alerts) in one transaction; answers how many.
   */
  fireDue(limit: number): Promise<number>;
  /** Milliseconds from now until the earliest running clock's next instant (0 if one is due), or null if none runs. */
  msUntilNext(): Promise<number | null>;
}

/** Tickets marked by one statement at most: bounds a transaction's locks and a lagging node's catch-up step. */
export const SLA_BATCH = 500;

/**
 * The shortest sleep between scans. Instants are spread over time as tickets
 * arrive (300 a second is 300 instants a second); waking for each would cost
 * a transaction per ticket. Waking at most every 200 ms marks whatever fell
 * due meanwhile in one batch, for at most 200 ms of lateness.
 */
const MIN_SCAN_GAP_MS = 200;

/**
 * The scanner every worker node runs: fires what is due, then sleeps until
 * the earliest next instant (at least MIN_SCAN_GAP_MS), but never longer than
 * `pollMs`, so a timer set earlier than the current wait (by a request on any
 * node) is seen within it. Errors (a database blip) are logged and the scan
 * is tried again a poll later; they never escape.
 */
export function startSlaScanner(timers: SlaTimers, logger: Logger, pollMs: number): { stop(): Promise<void> } {
  const minGap = Math.min(pollMs, MIN_SCAN_GAP_MS);
  return backgroundLoop({
    logger,
    failure: 'SLA timer scan failed; trying again',
    retryMs: pollMs,
    async round(stopping) {
      while (!stopping() && (await timers.fireDue(SLA_BATCH)) === SLA_BATCH);
      if (stopping()) return pollMs;
      const next = await timers.msUntilNext();
      return next === null ? pollMs : Math.max(minGap, Math.min(pollMs, next));
    },
  });
}

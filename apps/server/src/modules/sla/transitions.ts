import type { SlaState } from '@centrala/contracts';
import { dueAfter, warningAt } from './clock.js';
import type { EffectivePolicy } from './policies.repository.js';

/** The SLA columns of a ticket that decide its clock. */
export interface ClockState {
  createdAt: Date;
  firstResponseAt: Date | null;
  dueAt: Date | null;
  pausedRemainingMs: number | null;
  /** What the timers have marked so far (a retarget may lower it). */
  slaState?: SlaState;
}

export type ClockEvent =
  | 'opened'
  /** An agent's public answer: stops the clock (the first one also sets first_response_at). */
  | 'answered'
  /** The customer wrote: resumes the first-response clock, or starts a next-response clock. */
  | 'customer_wrote'
  /** Awaiting the customer: the clock stops counting and keeps what was left. */
  | 'paused'
  /** Back to the agents without a customer message (an agent changed the status). */
  | 'resumed'
  /** Resolved or closed: no clock. */
  | 'stopped'
  /** Priority changed: an unanswered ticket's first-response due moves to the new target. */
  | 'retargeted';

export interface ClockUpdate {
  dueAt: Date | null;
  pausedRemainingMs: number | null;
  /** Length of the running clock, for the 80 % warning. */
  clockMs: number | null;
  firstResponseDueAt?: Date;
  nextResponseDueAt?: Date | null;
  slaState?: SlaState;
}

const stopped: ClockUpdate = { dueAt: null, pausedRemainingMs: null, clockMs: null, slaState: 'ok' };

/** How a ticket's SLA clock changes on an event (R7): pure, so every rule is unit-tested. */
export function nextClock(state: ClockState, event: ClockEvent, policy: EffectivePolicy, now: Date): ClockUpdate {
  const run = (from: Date, seconds: number): ClockUpdate => {
    const due = dueAfter(from, seconds, policy.businessHours);
    return { dueAt: due, pausedRemainingMs: null, clockMs: Math.max(1, due.getTime() - from.getTime()) };
  };
  switch (event) {
    case 'opened': {
      const clock = run(now, policy.firstResponseSeconds);
      return { ...clock, firstResponseDueAt: clock.dueAt!, slaState: 'ok' };
    }
    case 'answered':
      return { ...stopped, nextResponseDueAt: null };
    case 'stopped':
      return stopped;
    case 'paused':
      if (!state.dueAt) return { dueAt: null, pausedRemainingMs: state.pausedRemainingMs, clockMs: null };
      return { dueAt: null, pausedRemainingMs: Math.max(0, state.dueAt.getTime() - now.getTime()), clockMs: null };
    case 'customer_wrote':
    case 'resumed': {
      if (state.dueAt) return { dueAt: state.dueAt, pausedRemainingMs: null, clockMs: null };
      if (state.pausedRemainingMs !== null) {
        const due = new Date(now.getTime() + state.pausedRemainingMs);
        return { dueAt: due, pausedRemainingMs: null, clockMs: Math.max(1, state.pausedRemainingMs) };
      }
      if (!state.firstResponseAt) return run(now, policy.firstResponseSeconds);
      if (event === 'resumed' || policy.nextResponseSeconds === null) return { dueAt: null, pausedRemainingMs: null, clockMs: null };
      const next = run(now, policy.nextResponseSeconds);
      return { ...next, nextResponseDueAt: next.dueAt, slaState: 'ok' };
    }
    case 'retargeted': {
      if (state.firstResponseAt || !state.dueAt) return { dueAt: state.dueAt, pausedRemainingMs: state.pausedRemainingMs, clockMs: null };
      const clock = run(state.createdAt, policy.firstResponseSeconds);
      return {
        ...clock,
        firstResponseDueAt: clock.dueAt!,
        slaState: lowered(state.slaState ?? 'ok', levelAt(clock.dueAt!, clock.clockMs!, now)),
      };
    }
  }
}

const LEVELS: SlaState[] = ['ok', 'warning', 'breached'];

/** Where a clock of `clockMs` due at `due` stands at `now`. */
function levelAt(due: Date, clockMs: number, now: Date): SlaState {
  if (now >= due) return 'breached';
  return now >= warningAt(due, clockMs) ? 'warning' : 'ok';
}

/**
 * A retarget may only lower the state at once (a later due time is no longer
 * breached). A rise is left to the timers, set for the new due time, which
 * make it with its alert and history event.
 */
function lowered(current: SlaState, reached: SlaState): SlaState {
  return LEVELS.indexOf(reached) < LEVELS.indexOf(current) ? reached : current;
}

import { describe, expect, it } from 'vitest';
import { nextClock, type ClockState } from './transitions.js';

const policy = { firstResponseSeconds: 600, nextResponseSeconds: 3600, businessHours: null };
const t0 = new Date('2026-11-24T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const fresh: ClockState = { createdAt: t0, firstResponseAt: null, dueAt: null, pausedRemainingMs: null };

describe('SLA clock transitions (R7)', () => {
  it('a new ticket is due its first answer 10 minutes after it is filed', () => {
    const u = nextClock(fresh, 'opened', policy, t0);
    expect(u.dueAt).toEqual(at(10));
    expect(u.firstResponseDueAt).toEqual(at(10));
    expect(u.clockMs).toBe(600_000);
  });

  it("an agent's answer stops the clock", () => {
    const u = nextClock({ ...fresh, dueAt: at(10) }, 'answered', policy, at(3));
    expect(u.dueAt).toBeNull();
    expect(u.pausedRemainingMs).toBeNull();
  });

  it('pauses while awaiting the customer and resumes with the time that was left', () => {
    const paused = nextClock({ ...fresh, dueAt: at(10) }, 'paused', policy, at(4));
    expect(paused).toMatchObject({ dueAt: null, pausedRemainingMs: 6 * 60_000 });
    const resumed = nextClock({ ...fresh, pausedRemainingMs: paused.pausedRemainingMs }, 'customer_wrote', policy, at(60));
    expect(resumed.dueAt).toEqual(at(66));
  });

  it('starts a next-response clock when the customer writes after an answer', () => {
    const u = nextClock({ ...fresh, firstResponseAt: at(5) }, 'customer_wrote', policy, at(30));
    expect(u.dueAt).toEqual(at(90));
    expect(u.nextResponseDueAt).toEqual(at(90));
  });

  it('keeps a running clock when the customer writes again before an answer', () => {
    const u = nextClock({ ...fresh, dueAt: at(10) }, 'customer_wrote', policy, at(2));
    expect(u.dueAt).toEqual(at(10));
  });

  it('moves an unanswered ticket to the new target when its priority changes', () => {
    const u = nextClock({ ...fresh, dueAt: at(30) }, 'retargeted', policy, at(2));
    expect(u.dueAt).toEqual(at(10));
  });

  it('a retarget to a later due time lowers a breached state at once, to what the new clock has reached', () => {
    const longer = { ...policy, firstResponseSeconds: 3600 };
    expect(nextClock({ ...fresh, dueAt: at(10), slaState: 'breached' }, 'retargeted', longer, at(15)).slaState).toBe('ok');
    // 80 % of the hour is gone at minute 48.
    expect(nextClock({ ...fresh, dueAt: at(10), slaState: 'breached' }, 'retargeted', longer, at(50)).slaState).toBe('warning');
  });

  it('a retarget never raises the state itself: the timers do, with their alert', () => {
    const shorter = { ...policy, firstResponseSeconds: 120 };
    const u = nextClock({ ...fresh, dueAt: at(10), slaState: 'ok' }, 'retargeted', shorter, at(5));
    expect(u.dueAt).toEqual(at(2));
    expect(u.slaState).toBe('ok');
  });

  it('has no clock once resolved or closed', () => {
    expect(nextClock({ ...fresh, dueAt: at(10) }, 'stopped', policy, at(1)).dueAt).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const policy = { initialMs: 500, maxMs: 30_000 };

describe('backoffDelay (issue 9 point 3: reconnect for as long as it takes, without a stampede)', () => {
  it('doubles from the first wait, between half and all of each step', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, policy, 1))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, policy, 0))).toEqual([250, 500, 1000, 2000]);
  });

  it('never waits longer than the maximum, however many attempts failed', () => {
    for (const attempt of [6, 7, 50, 1_000_000]) {
      expect(backoffDelay(attempt, policy, 1)).toBe(30_000);
      expect(backoffDelay(attempt, policy, 0)).toBe(15_000);
    }
  });

  it('spreads clients that failed together over the step', () => {
    const waits = new Set(Array.from({ length: 20 }, () => backoffDelay(4, policy)));
    expect(waits.size).toBeGreaterThan(1);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(4000);
      expect(w).toBeLessThanOrEqual(8000);
    }
  });
});

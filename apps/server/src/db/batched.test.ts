import { describe, expect, it } from 'vitest';
import { batched } from './batched.js';

describe('batched (group commit)', () => {
  it('runs concurrent calls together and answers each caller with its own output', async () => {
    const runs: number[][] = [];
    const double = batched(
      async (xs: number[]) => {
        runs.push(xs);
        return xs.map((x) => x * 2);
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('gathers calls made while a run is busy into the next run, at most maxBatch at a time', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const echo = batched(
      async (xs: number[]) => {
        runs.push(xs);
        if (runs.length === 1) await gate;
        return xs;
      },
      { maxBatch: 2, maxInFlight: 1 },
    );
    const first = echo(0);
    await new Promise((r) => setImmediate(r));
    const later = [1, 2, 3].map(echo);
    release();
    expect(await Promise.all([first, ...later])).toEqual([0, 1, 2, 3]);
    expect(runs).toEqual([[0], [1, 2], [3]]);
  });

  it('retries a failed batch input by input, so only the bad input fails', async () => {
    const check = batched(
      async (xs: number[]) => {
        if (xs.includes(13)) throw new Error('unlucky');
        return xs;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([12, 13, 14].map(check));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('unlucky'));
  });

  it('fails every caller when run answers the wrong number of outputs', async () => {
    const broken = batched(async () => [], { maxBatch: 10, maxInFlight: 1 });
    await expect(broken(1)).rejects.toThrow(/answered 0 of 1/);
  });
});

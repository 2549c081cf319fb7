import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { backgroundLoop } from './background-loop.js';

const silent = pino({ level: 'silent' });
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until `done` holds (a busy machine runs timers late, never early), failing after 5 s. */
async function until(done: () => boolean) {
  for (const started = Date.now(); !done(); await tick(5)) if (Date.now() - started > 5000) throw new Error('timed out');
}

/** A loop whose first round waits until released; counts its rounds. */
function firstRoundHeld(gatherMs?: () => number) {
  const state = { rounds: 0, release: () => {} };
  const loop = backgroundLoop({
    logger: silent,
    failure: 'x',
    retryMs: 10,
    ...(gatherMs && { gatherMs }),
    round: async () => {
      state.rounds++;
      if (state.rounds === 1) await new Promise<void>((resolve) => (state.release = resolve));
      return 60_000;
    },
  });
  return { loop, state };
}

describe('backgroundLoop: the one shape of a worker node background work', () => {
  it('runs a round at once, then sleeps as long as the round answered', async () => {
    const at: number[] = [];
    const started = Date.now();
    const loop = backgroundLoop({ logger: silent, failure: 'x', retryMs: 10, round: async () => (at.push(Date.now() - started), 80) });
    await tick(40);
    expect(at).toHaveLength(1);
    await until(() => at.length === 2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(79);
    await loop.stop();
  });

  it('cuts a sleep short when woken', async () => {
    let rounds = 0;
    const loop = backgroundLoop({ logger: silent, failure: 'x', retryMs: 10, round: async () => (rounds++, 60_000) });
    await tick(10);
    loop.wake();
    await until(() => rounds === 2);
    await loop.stop();
  });

  it('does not lose a wake that comes during a round: the next round follows at once', async () => {
    const { loop, state } = firstRoundHeld();
    await tick(5);
    loop.wake();
    state.release();
    await until(() => state.rounds === 2);
    await loop.stop();
  });

  it('logs a round that throws and tries again after retryMs, never rejecting', async () => {
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line).msg) });
    let rounds = 0;
    const loop = backgroundLoop({
      logger,
      failure: 'round failed; trying again',
      retryMs: 20,
      round: async () => {
        rounds++;
        throw new Error('database went away');
      },
    });
    await until(() => rounds === 3);
    await loop.stop();
    expect(logged[0]).toBe('round failed; trying again');
  });

  it('waits gatherMs after a wake during a round, so wakes that come together make one round', async () => {
    const { loop, state } = firstRoundHeld(() => 50);
    await tick(5);
    loop.wake();
    state.release();
    for (let i = 0; i < 5; i++) loop.wake();
    await tick(20);
    expect(state.rounds).toBe(1);
    await until(() => state.rounds === 2);
    await loop.stop();
  });

  it('stop ends the sleep and waits for the running round, telling it to stop', async () => {
    let sawStopping = false;
    let entered!: () => void;
    const inRound = new Promise<void>((resolve) => (entered = resolve));
    const loop = backgroundLoop({
      logger: silent,
      failure: 'x',
      retryMs: 10,
      round: async (stopping) => {
        entered();
        while (!stopping()) await tick(5);
        sawStopping = true;
        return 60_000;
      },
    });
    await inRound;
    await loop.stop();
    expect(sawStopping).toBe(true);
  });
});

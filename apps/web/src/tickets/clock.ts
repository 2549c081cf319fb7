import { useSyncExternalStore } from 'react';

interface Ticker {
  subscribe: (listener: () => void) => () => void;
  snapshot: () => number;
}

/*
 * One shared ticker per interval for everything on the page that shows a live time: a queue of 50 rows with
 * countdowns re-renders from a single interval instead of 50, and the interval stops when nothing shows one.
 */
const tickers = new Map<number, Ticker>();

function ticker(intervalMs: number): Ticker {
  const existing = tickers.get(intervalMs);
  if (existing) return existing;
  let now = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();
  const created: Ticker = {
    subscribe(listener) {
      listeners.add(listener);
      if (timer === undefined) {
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          for (const notify of listeners) notify();
        }, intervalMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    snapshot: () => now,
  };
  tickers.set(intervalMs, created);
  return created;
}

/**
 * The current time in milliseconds, updated every `intervalMs`: every second for countdowns, every half
 * minute is plenty for "2 minutes ago".
 */
export function useNow(intervalMs = 1000): number {
  const { subscribe, snapshot } = ticker(intervalMs);
  return useSyncExternalStore(subscribe, snapshot);
}

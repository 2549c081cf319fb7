import type { Logger } from 'pino';

export interface BackgroundLoop {
  /** Runs the next round at once: now if asleep, right after the current round if one is running. */
  wake(): void;
  /** No new round starts; resolves once the running one has ended. */
  stop(): Promise<void>;
}

export interface BackgroundLoopOptions {
  /**
   * One round of work; answers how long to sleep before the next unless woken first. `stopping` turns true once
   * `stop` was called, so a round working through a backlog batch by batch can end early.
   */
  round(stopping: () => boolean): Promise<number>;
  logger: Logger;
  /** Logged with the error when a round throws; the loop then sleeps `retryMs` and tries again. */
  failure: string;
  retryMs: number;
  /** When woken during a round: how long to wait before the next one, so wakes that come together make one round. */
  gatherMs?: () => number;
}

/**
 * The one shape of a worker node's background work (mail delivery, webhook delivery, the email drain, the SLA
 * scanner): a round, then a sleep for as long as the round answered, cut short by `wake` (a NOTIFY heard, a mail this
 * node stored). A wake during a round is not lost: the next round follows at once. A round that throws is logged and
 * retried after `retryMs`: nothing it does escapes into the process, whose unhandled rejection would end it.
 */
export function backgroundLoop(options: BackgroundLoopOptions): BackgroundLoop {
  const { round, logger, failure, retryMs, gatherMs } = options;
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | undefined;
  const stopping = () => stopped;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });

  const running = (async () => {
    while (!stopped) {
      woken = false;
      let ms: number;
      try {
        ms = await round(stopping);
      } catch (err) {
        logger.error({ err }, failure);
        ms = retryMs;
      }
      if (stopped) break;
      if (woken) {
        // Not cut short by further wakes: gathering them is its purpose.
        const gather = gatherMs?.() ?? 0;
        if (gather > 0) await new Promise((resolve) => setTimeout(resolve, gather));
        continue;
      }
      await sleep(ms);
    }
  })();

  return {
    wake() {
      woken = true;
      interrupt?.();
    },
    async stop() {
      stopped = true;
      interrupt?.();
      await running;
    },
  };
}

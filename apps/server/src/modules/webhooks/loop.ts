import type pg from 'pg';
import type { Logger } from 'pino';
import { channelListener } from '../../db/listen.js';
import { backgroundLoop } from '../../shared/background-loop.js';
import { WEBHOOK_BATCH, type WebhookDelivery } from './delivery.js';

/** How long the loop lets sends that are ending gather before it claims again. */
const GATHER_MS = 5;

export interface LoopLimits {
  /** Requests in flight at once in this process. */
  concurrency: number;
  /** Of them, at most this many to one subscription: a slow or dead receiver holds its own share, never the others'. */
  perSubscription: number;
}

/**
 * The loop every worker node runs (not a job per delivery): claims due rows while it has room, sends each without
 * waiting for the others, and sleeps until a send ends, a NOTIFY says a delivery was queued (migration 0029's trigger),
 * the next row is due, or `pollMs` passes. Nothing escapes it; a database blip is logged and the loop goes on.
 */
export function startWebhookLoop(
  delivery: WebhookDelivery,
  listenWith: pg.ClientConfig,
  logger: Logger,
  pollMs: number,
  limits: LoopLimits,
): { stop(): Promise<void>; inFlight(): number } {
  const perSubscription = new Map<string, number>();
  const sending = new Set<Promise<void>>();

  const nudge = () => loop.wake();
  const listener = channelListener(listenWith, 'webhook_deliveries', nudge, logger);

  const full = () => [...perSubscription].filter(([, n]) => n >= limits.perSubscription).map(([id]) => id);

  const start = (row: Parameters<WebhookDelivery['send']>[0], body: string) => {
    perSubscription.set(row.subscription_id, (perSubscription.get(row.subscription_id) ?? 0) + 1);
    const sent = delivery.send(row, body).finally(() => {
      const left = (perSubscription.get(row.subscription_id) ?? 1) - 1;
      if (left) perSubscription.set(row.subscription_id, left);
      else perSubscription.delete(row.subscription_id);
      sending.delete(sent);
      nudge();
    });
    sending.add(sent);
  };

  const loop = backgroundLoop({
    logger,
    failure: 'webhook delivery round failed; trying again',
    retryMs: pollMs,
    // Sends that end together are followed by one claim, not one each: a moment to let them gather.
    gatherMs: () => (sending.size ? GATHER_MS : 0),
    /** Claims and starts what it has room for; answers how long to sleep, unless something wakes it first. */
    async round(stopping) {
      await listener.ensure();
      for (;;) {
        const room = limits.concurrency - sending.size;
        if (stopping() || room <= 0) return pollMs;
        const asked = Math.min(room, WEBHOOK_BATCH);
        const { rows, bodies } = await delivery.claim(asked, perSubscription, limits.perSubscription);
        for (const row of rows) start(row, bodies.get(row.id)!);
        if (rows.length < asked) break;
      }
      // While sends are in flight, each one's end wakes the loop; the poll catches a retry that falls due meanwhile.
      if (sending.size) return pollMs;
      const next = await delivery.msUntilNext(full());
      return next === null ? pollMs : Math.max(20, Math.min(pollMs, next));
    },
  });

  return {
    inFlight: () => sending.size,
    async stop() {
      await loop.stop();
      // Sends in flight end within their timeout; their outcomes are written before the process goes.
      await Promise.all(sending);
      await listener.close();
    },
  };
}

import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';
import path from 'node:path';
import type { Config } from './config.js';
import type { Db } from './db/pool.js';
import { deleteEndedRateLimits } from './http/rate-limit-store.js';
import { sessionsRepository } from './modules/auth/index.js';
import { slaPolicies, startSlaScanner } from './modules/sla/index.js';
import { attachmentStore, attachmentSweep, ticketCommands } from './modules/tickets/index.js';

/**
 * Background jobs on graphile-worker: jobs live in PostgreSQL, so any node
 * with the `worker` role can run them and a timer survives restarts. Modules
 * add their tasks here.
 */
export async function startWorker(pool: pg.Pool, db: Db, logger: Logger, config: Config): Promise<Pick<Runner, 'stop'>> {
  const sessions = sessionsRepository(db, config.SESSION_TTL_HOURS);
  const store = attachmentStore(path.join(config.dataDir, 'attachments'));
  const tickets = ticketCommands({ db, policies: slaPolicies(db), store, publicUrl: config.publicUrl });
  const sweepAttachments = attachmentSweep(db, store);
  const runner = await run({
    pgPool: pool,
    concurrency: 4,
    noHandleSignals: true,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = logger.child({ worker: scope.label ?? 'worker' });
      (level === 'error' ? log.error : level === 'warning' ? log.warn : log.debug).call(log, meta ?? {}, message);
    }),
    taskList: {
      'sessions:delete_expired': async () => {
        await sessions.deleteExpired();
      },
      'rate_limits:delete_ended': async () => {
        await deleteEndedRateLimits(db);
      },
      'tickets:auto_close': async () => {
        const closed = await tickets.autoClose(config.TICKET_AUTO_CLOSE_DAYS);
        if (closed) logger.info({ closed }, 'quiet tickets closed');
      },
      'attachments:sweep': async () => {
        const removed = await sweepAttachments();
        if (removed) logger.info({ removed }, 'unreferenced attachment files removed');
      },
    },
    crontab: [
      '17 * * * * sessions:delete_expired',
      '23 * * * * rate_limits:delete_ended',
      '*/10 * * * * tickets:auto_close',
      '41 3 * * * attachments:sweep',
    ].join('\n'),
  });
  // SLA timers are not jobs: a job's lock outlives a dead node by hours (issue 9 point 4).
  const slaScanner = startSlaScanner(db, logger.child({ worker: 'sla' }), config.SLA_POLL_INTERVAL_MS);
  return {
    async stop() {
      await slaScanner.stop();
      await runner.stop();
    },
  };
}

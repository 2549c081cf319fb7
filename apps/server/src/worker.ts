import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from './db/pool.js';
import { sessionsRepository } from './modules/auth/index.js';

/**
 * Background jobs on graphile-worker: jobs live in PostgreSQL, so any node
 * with the `worker` role can run them and a timer survives restarts. Modules
 * add their tasks here.
 */
export async function startWorker(pool: pg.Pool, db: Db, logger: Logger, sessionTtlHours: number): Promise<Runner> {
  const sessions = sessionsRepository(db, sessionTtlHours);
  return run({
    pgPool: pool,
    concurrency: 4,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = logger.child({ worker: scope.label ?? 'worker' });
      (level === 'error' ? log.error : level === 'warning' ? log.warn : log.debug).call(log, meta ?? {}, message);
    }),
    taskList: {
      'sessions:delete_expired': async () => {
        await sessions.deleteExpired();
      },
    },
    crontab: '17 * * * * sessions:delete_expired',
  });
}

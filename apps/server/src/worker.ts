import { backoffDelay } from '@centrala/contracts';
import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import path from 'node:path';
import type { Config } from './config.js';
import { dropConnectionsOnClientTimeout, type Db } from './db/pool.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { idempotencyKeys } from './http/idempotency.js';
import { deleteEndedRateLimits } from './http/rate-limit-store.js';
import { deleteStaleLoginFailures, sessionsRepository } from './modules/auth/index.js';
import { slaPolicies, slaTasks } from './modules/sla/index.js';
import { attachmentStore, attachmentSweep, ticketCommands } from './modules/tickets/index.js';

/**
 * Background jobs on graphile-worker: jobs live in PostgreSQL, so any node
 * with the `worker` role can run them and a timer survives restarts. Modules
 * add their tasks here.
 */
export async function startWorker(pool: pg.Pool, db: Db, logger: Logger, config: Config): Promise<Runner> {
  const sessions = sessionsRepository(db, config.SESSION_TTL_HOURS);
  const store = attachmentStore(path.join(config.dataDir, 'attachments'));
  const tickets = ticketCommands({ db, policies: slaPolicies(db), store, publicUrl: config.publicUrl });
  const sweepAttachments = attachmentSweep(db, store);
  const jobsPool = new PatientPool({ ...pool.options, max: CONCURRENCY + 2 }, logger);
  const runner = await run({
    pgPool: jobsPool,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    // Marking jobs done or failed goes through graphile-worker's batcher (0 ms: whatever finished in the same turn
    // of the event loop, in one statement), the one path of 0.17 that awaits that statement and tries it again on
    // any error, with backoff, instead of leaving its rejection unhandled. With PatientPool below, a database lost
    // mid-statement is waited out (issue 9 point 2).
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    // Future jobs (SLA timers) are picked up by polling: this bounds how late a breach is marked.
    pollInterval: config.SLA_POLL_INTERVAL_MS,
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
        await deleteStaleLoginFailures(db);
      },
      'idempotency_keys:delete_expired': async () => {
        await idempotencyKeys(db).deleteExpired();
      },
      'tickets:auto_close': async () => {
        const closed = await tickets.autoClose(config.TICKET_AUTO_CLOSE_DAYS);
        if (closed) logger.info({ closed }, 'quiet tickets closed');
      },
      'attachments:sweep': async () => {
        const removed = await sweepAttachments();
        if (removed) logger.info({ removed }, 'unreferenced attachment files removed');
      },
      ...slaTasks(db),
    },
    crontab: [
      '17 * * * * sessions:delete_expired',
      '23 * * * * rate_limits:delete_ended',
      '29 * * * * idempotency_keys:delete_expired',
      '*/10 * * * * tickets:auto_close',
      '41 3 * * * attachments:sweep',
    ].join('\n'),
  });
  runner.promise.catch((err: unknown) => logger.error({ err }, 'background jobs stopped with an error'));
  return {
    ...runner,
    stop: async (reason) => {
      jobsPool.stopWaiting();
      await runner.stop(reason);
      await jobsPool.end();
    },
  };
}

const CONCURRENCY = 4;

/**
 * The job runner's connections. graphile-worker retries only a few error codes
 * of its own queries (fetching jobs, marking them done): with the database
 * unreachable for a moment they failed (issue 9 point 2). A connection from
 * this pool waits for the database to come back instead, so a finished job is
 * marked done once it is; only a stop ends the wait.
 */
class PatientPool extends pg.Pool {
  private waiting = true;

  constructor(
    options: pg.PoolConfig,
    private readonly logger: Logger,
  ) {
    super(options);
    // The same statement bounds as the pool it copies: a frozen database's connection is dropped, not reused.
    dropConnectionsOnClientTimeout(this);
    // A connection the database closed is dropped by the pool (idle) or fails its query (busy); nothing else to do.
    const lost = (err: Error) => logger.debug({ err }, 'job runner connection lost');
    this.on('error', lost);
    this.on('connect', (client) => client.on('error', lost));
  }

  /** From now on a connection that cannot be made fails at once (the runner is stopping). */
  stopWaiting(): void {
    this.waiting = false;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    // pg's own query() asks with a callback; graphile-worker asks for a promise.
    if (callback) return super.connect(callback);
    return this.connectWhenReachable();
  }

  private async connectWhenReachable(): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await super.connect();
      } catch (err) {
        if (!this.waiting || !isDatabaseUnavailable(err)) throw err;
        if (attempt === 0) this.logger.warn({ err }, 'job runner waiting for the database');
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, { initialMs: 250, maxMs: 5000 })));
      }
    }
  }
}

import { backoffDelay } from '@centrala/contracts';
import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { createRequire } from 'node:module';
import type { Config } from './config.js';
import { dropConnectionsOnClientTimeout } from './db/pool.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { deleteEndedRateLimits } from './db/rate-limits.js';
import type { Modules } from './modules.js';
import { deliveryStartLine, startDeliveryLoop } from './modules/email/index.js';
import { startSlaScanner } from './modules/sla/index.js';
import { startEmailDrain } from './modules/intake/index.js';
import { startWebhookLoop } from './modules/webhooks/index.js';

/**
 * Background jobs on graphile-worker: jobs live in PostgreSQL, so any node
 * with the `worker` role can run them and a timer survives restarts. Modules
 * add their tasks here, on the instances built by `buildModules`; `pool` is
 * the one those use, copied for the job runner's own connections.
 */
export async function startWorker(
  pool: pg.Pool,
  modules: Modules,
  logger: Logger,
  config: Config,
): Promise<Pick<Runner, 'stop'> & { wakeEmail(): void }> {
  const { db, auth, tickets, idempotency, sso } = modules;
  const jobsPool = new PatientPool({ ...pool.options, max: CONCURRENCY + 2 }, logger);
  settleJobsPatiently(logger);
  const runner = await run({
    pgPool: jobsPool,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = logger.child({ worker: scope.label ?? 'worker' });
      (level === 'error' ? log.error : level === 'warning' ? log.warn : log.debug).call(log, meta ?? {}, message);
    }),
    taskList: {
      'sessions:delete_expired': async () => {
        await auth.sessions.deleteExpired();
      },
      'rate_limits:delete_ended': async () => {
        await deleteEndedRateLimits(db);
        await auth.guard.deleteStale();
      },
      'billing_sso_nonces:delete_expired': async () => {
        await sso.signIn.deleteExpiredNonces();
      },
      'idempotency_keys:delete_expired': async () => {
        await idempotency.deleteExpired();
      },
      'tickets:auto_close': async () => {
        const closed = await tickets.commands.autoClose(config.TICKET_AUTO_CLOSE_DAYS);
        if (closed) logger.info({ closed }, 'quiet tickets closed');
      },
      'attachments:sweep': async () => {
        const removed = await tickets.sweepAttachments();
        if (removed) logger.info({ removed }, 'unreferenced attachment files removed');
      },
    },
    crontab: [
      '17 * * * * sessions:delete_expired',
      '23 * * * * rate_limits:delete_ended',
      '29 * * * * idempotency_keys:delete_expired',
      '31 * * * * billing_sso_nonces:delete_expired',
      '*/10 * * * * tickets:auto_close',
      '41 3 * * * attachments:sweep',
    ].join('\n'),
  });
  runner.promise.catch((err: unknown) => logger.error({ err }, 'background jobs stopped with an error'));
  // SLA timers are not jobs: a job's lock outlives a dead node by hours (issue 9 point 4).
  const slaScanner = startSlaScanner(tickets.slaTimers, logger.child({ worker: 'sla' }), config.SLA_POLL_INTERVAL_MS);
  // Mail delivery is not jobs either: the outbox rows are the queue, claimed with a lease (issue 12 point 6).
  const mailLog = logger.child({ worker: 'mail' });
  const { relay, dkim, build } = modules.mailDelivery;
  (relay ? mailLog.info : mailLog.warn).call(mailLog, deliveryStartLine(relay, dkim));
  const delivery = build(mailLog);
  const mailLoop = delivery ? startDeliveryLoop(delivery, pool.options, mailLog, config.OUTBOX_POLL_INTERVAL_MS) : null;
  // Stored mail into tickets: batches drained by this loop, not a job per message (DESIGN.md "Events").
  const emailDrain = startEmailDrain(
    modules.inboundEmail.intake,
    logger.child({ worker: 'email' }),
    config.INBOUND_POLL_INTERVAL_MS,
    pool.options,
  );
  // Webhooks likewise: the delivery rows are the queue (issue 13 point 6).
  const webhookLog = logger.child({ worker: 'webhooks' });
  const webhookLoop = startWebhookLoop(modules.webhooks.build(webhookLog), pool.options, webhookLog, config.WEBHOOK_POLL_INTERVAL_MS, {
    concurrency: config.WEBHOOK_CONCURRENCY,
    perSubscription: Math.max(1, Math.floor(config.WEBHOOK_CONCURRENCY / 4)),
  });
  return {
    wakeEmail: emailDrain.wake,
    async stop() {
      await webhookLoop.stop();
      await mailLoop?.stop();
      await emailDrain.stop();
      await slaScanner.stop();
      jobsPool.stopWaiting();
      await runner.stop();
      await jobsPool.end();
    },
  };
}

const CONCURRENCY = 4;

type Settle = (arg: { id: string } | { job: { id: string } }) => unknown;
let settleLogger: Logger;

/**
 * graphile-worker 0.17.3 calls completeJob and failJob (marking a job done or
 * failed) without awaiting or catching them (dist/worker.js), and its own
 * retry ignores a lost connection: a database stopped while a job was being
 * marked rejected with no handler (issue 9 point 2). Both are idempotent
 * (delete by id; update while still locked by this runner), so each call is
 * wrapped where the library hands them to its workers: tried again once the
 * database is back, logged if it still fails (the job then runs again when its
 * lock expires). Installed once per process, on the version it was written for.
 */
function settleJobsPatiently(logger: Logger): void {
  settleLogger = logger;
  const require = createRequire(import.meta.url);
  const { version } = require('graphile-worker/package.json') as { version: string };
  const workers = require('graphile-worker/dist/worker.js') as {
    makeNewWorker: (options: unknown, params: { completeJob: Settle; failJob: Settle }) => unknown;
    patientlySettled?: true;
  };
  if (workers.patientlySettled) return;
  if (version !== '0.17.3' || typeof workers.makeNewWorker !== 'function') {
    throw new Error(`graphile-worker ${version}: check whether it still leaves completeJob/failJob uncaught (src/worker.ts)`);
  }
  const make = workers.makeNewWorker;
  workers.makeNewWorker = (options, params) =>
    make(options, {
      ...params,
      completeJob: (job) => void settle(params.completeJob, job, 'done'),
      failJob: (spec) => void settle(params.failJob, spec, 'failed'),
    });
  workers.patientlySettled = true;
}

async function settle(mark: Settle, arg: Parameters<Settle>[0], as: 'done' | 'failed'): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await mark(arg);
      return;
    } catch (err) {
      if (attempt >= 10 || !isDatabaseUnavailable(err)) {
        const jobId = 'job' in arg ? arg.job.id : arg.id;
        settleLogger.error({ err, jobId }, `could not mark a job ${as}; it runs again when its lock expires`);
        return;
      }
      if (attempt === 0) settleLogger.warn({ err }, `marking a job ${as} waits for the database`);
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, { initialMs: 250, maxMs: 5000 })));
    }
  }
}

/**
 * The job runner's connections. graphile-worker does not await marking a job
 * done or failed (completeJob/failJob), and retries only a few error codes:
 * with the database unreachable for a moment, that rejection escaped and ended
 * the process (issue 9 point 2). A connection from this pool waits for the
 * database to come back instead of failing, so a finished job is marked done
 * once it is; only a stop ends the wait.
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

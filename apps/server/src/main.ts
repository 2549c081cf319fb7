import cluster from 'node:cluster';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { startEmbeddedPostgres, type SupervisorEvent } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { createDb, type DbTimeouts } from './db/pool.js';
import { demoDataPending, readDemoLogins, seedDemoData, type DemoLogin } from './demo.js';
import { buildApp } from './http/app.js';
import { createLogger } from './logger.js';
import { buildModules, type Modules } from './modules.js';
import { imapPoller, smtpReceiver } from './modules/email/index.js';
import { databaseFailure, dataDirFailure, listenFailure, StartupError } from './startup-error.js';
import { startWorker } from './worker.js';

export interface Running {
  url: string | undefined;
  /** Graceful: HTTP drains (up to SHUTDOWN_TIMEOUT_MS), jobs stop, then the database. */
  stop(): Promise<void>;
  /** For an exit at once (a second Ctrl-C): asks the embedded PostgreSQL to stop, without waiting. */
  stopNow(): void;
}

/**
 * Startup: config -> database -> migrations -> modules (built once, by
 * `buildModules`, the composition root) -> demo data -> worker and HTTP, each
 * handed the same module instances. With WEB_PROCESSES > 1 this process prepares the database
 * and runs the jobs, and forks that many HTTP processes sharing the port (one
 * Node process uses one core; nodes already share nothing but PostgreSQL);
 * each HTTP process builds its own modules, once, the same way.
 */
export async function serve(config: Config): Promise<Running> {
  if (cluster.isWorker) return serveHttpProcess(config);
  const logger = createLogger(config.LOG_LEVEL);
  await assertWritableDir(config.dataDir); // attachments live there, whichever the database
  const database = await openDatabase(config, logger, (problems) => tellHttpProcesses(problems));
  // Stopped in this order: HTTP (unshifted below), jobs, the pool, and PostgreSQL last, once nothing needs it.
  const stops: (() => Promise<unknown>)[] = [() => database.stop()];
  const stop = async () => {
    for (const s of stops) await s().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
  };
  try {
    await migrateDatabase(config, database.url, logger);
    const { db, pool } = createDb(database.url, 10, timeoutsOf(config));
    stops.unshift(() => pool.end());
    const modules = buildModules({ config, db });
    const demoLogins = await demoData(config, modules, logger);

    let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
    if (config.ROLES.includes('worker')) {
      worker = await startWorker(pool, modules, logger, config);
      stops.unshift(() => worker!.stop());
    }
    if (config.ROLES.includes('smtp')) {
      const receiver = smtpReceiver(
        {
          host: config.SMTP_HOST,
          port: config.SMTP_PORT,
          tlsCert: config.SMTP_TLS_CERT,
          tlsKey: config.SMTP_TLS_KEY,
          maxBytes: config.SMTP_MAX_BYTES,
          maxConnectionsPerClient: config.SMTP_MAX_CONNECTIONS_PER_CLIENT,
          messagesPerMinutePerClient: config.SMTP_MESSAGES_PER_MINUTE_PER_CLIENT,
          maxClients: config.SMTP_MAX_CLIENTS,
        },
        {
          store: modules.inboundEmail.store,
          serves: async (address) => (await modules.inboundEmail.addresses.lookup(address)) !== null,
          // Processed at once, from the bytes in hand, when this node drains too; otherwise a worker node's poll finds it.
          onStored: (id, raw) => {
            if (!worker) return;
            modules.inboundEmail.intake.hold(id, raw);
            worker.wakeEmail();
          },
          logger: logger.child({ part: 'smtp' }),
        },
      );
      let smtpPort: number;
      try {
        smtpPort = await receiver.listen();
      } catch (err) {
        throw listenFailure(err, config.SMTP_HOST, config.SMTP_PORT, 'SMTP_PORT');
      }
      stops.unshift(() => receiver.close());
      logger.info(
        { host: config.SMTP_HOST, port: smtpPort, starttls: Boolean(config.SMTP_TLS_CERT && config.SMTP_TLS_KEY) },
        'SMTP receiver listening',
      );
    }
    if (config.ROLES.includes('imap')) {
      // Each mailbox polled holds a connection (its advisory lock) for as long as it is polled: a pool of their own,
      // so many mailboxes never take the connections requests and jobs need. Idle connections close after 10 s.
      const locks = createDb(database.url, 200, timeoutsOf(config)).pool;
      stops.unshift(() => locks.end());
      const poller = imapPoller({
        pool: locks,
        mailboxes: modules.mailboxes,
        store: modules.inboundEmail.store.store,
        logger,
        options: { pollIntervalMs: config.IMAP_POLL_SECONDS * 1000, rescanMs: 10_000, backoff: { initialMs: 1000, maxMs: 5 * 60_000 } },
      });
      poller.start();
      stops.unshift(() => poller.stop());
    }
    if (config.ROLES.includes('web')) {
      if (config.WEB_PROCESSES > 1) {
        stops.unshift(await forkHttpProcesses(config, database.url, logger, database.problems));
      } else {
        const app = await buildApp({ config, modules, logger, databaseUrl: database.url, healthProblems: database.problems });
        stops.unshift(() => closeWithin(app, config.SHUTDOWN_TIMEOUT_MS, logger));
        await listen(app, config);
      }
      printWelcome(config, demoLogins);
    }
    return { url: config.ROLES.includes('web') ? config.publicUrl : undefined, stop, stopNow: database.stopNow };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Migrations, on a pool of their own: they may run long, so no statement bound. */
async function migrateDatabase(config: Config, url: string, logger: Logger): Promise<void> {
  const { pool } = createDb(url, 2, { connectMs: config.DB_CONNECT_TIMEOUT_MS, statementMs: 0 });
  try {
    await explainConnectFailure(pool, config);
    const applied = await migrate(pool);
    if (applied.length) logger.info({ applied }, 'database migrated');
  } finally {
    await pool.end();
  }
}

/** Seeds the demo provider when DEMO_DATA asks for it; answers the demo logins to print, if any. */
async function demoData(config: Config, modules: Modules, logger: Logger): Promise<DemoLogin[] | undefined> {
  if (config.DEMO_DATA === 'always' || (config.DEMO_DATA === 'auto' && (await demoDataPending(modules, config.dataDir)))) {
    const logins = await seedDemoData(modules, config.dataDir);
    logger.info('demo data created');
    return logins;
  }
  return config.DEMO_DATA === 'never' ? undefined : await readDemoLogins(config.dataDir);
}

/** The first connection to DATABASE_URL: a refusal is a setting to fix, said in one line. */
async function explainConnectFailure(pool: ReturnType<typeof createDb>['pool'], config: Config): Promise<void> {
  try {
    (await pool.connect()).release();
  } catch (err) {
    throw config.DATABASE_URL ? databaseFailure(err, config.DATABASE_URL) : err;
  }
}

/** The bounds of the pool that serves requests and jobs. */
function timeoutsOf(config: Config): DbTimeouts {
  return { connectMs: config.DB_CONNECT_TIMEOUT_MS, statementMs: config.DB_STATEMENT_TIMEOUT_MS };
}

async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (err) {
    throw listenFailure(err, config.HOST, config.PORT);
  }
}

/**
 * Stops accepting, lets the requests in flight finish for up to `ms`, then
 * closes the connections still open: a stalled upload must not hold a stop
 * (and the deploy waiting on it) for minutes.
 */
async function closeWithin(app: FastifyInstance, ms: number, logger: Logger): Promise<void> {
  const closed = app.close();
  // A keep-alive connection whose request ends during the drain would stay open until the deadline: close each as it goes idle.
  const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  if ((await Promise.race([closed.then(() => 'closed' as const), deadline])) === 'late') {
    logger.warn({ afterMs: ms }, 'requests still in flight at the shutdown deadline: closing their connections');
    app.server.closeAllConnections();
  }
  clearInterval(closeIdle);
  clearTimeout(timer);
  await closed;
}

/** Writable, or a one-line reason naming DATA_DIR. */
async function assertWritableDir(dir: string): Promise<void> {
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe);
  } catch (err) {
    throw dataDirFailure(err, dir);
  }
}

/** One of WEB_PROCESSES: HTTP only, on the database its primary opened and migrated. */
async function serveHttpProcess(config: Config): Promise<Running> {
  const logger = createLogger(config.LOG_LEVEL).child({ process: cluster.worker?.id });
  const databaseUrl = process.env[PRIMARY_DATABASE_URL]!;
  // The primary supervises the embedded PostgreSQL and tells us when it is down, for our /healthz.
  let problems: string[] = [];
  process.on('message', (message: { [HEALTH_MESSAGE]?: string[] }) => {
    if (Array.isArray(message?.[HEALTH_MESSAGE])) problems = message[HEALTH_MESSAGE];
  });
  const { db, pool } = createDb(databaseUrl, 10, timeoutsOf(config));
  const app = await buildApp({ config, modules: buildModules({ config, db }), logger, databaseUrl, healthProblems: () => problems });
  await listen(app, config);
  return {
    url: config.publicUrl,
    stop: async () => {
      await closeWithin(app, config.SHUTDOWN_TIMEOUT_MS, logger);
      await pool.end();
    },
    stopNow: () => undefined,
  };
}

/** Handed to the HTTP processes: the database may be the embedded one, whose address only the primary knows. */
const PRIMARY_DATABASE_URL = 'CENTRALA_PRIMARY_DATABASE_URL';
/** The primary's message to its HTTP processes with the current health problems. */
const HEALTH_MESSAGE = 'centralaHealthProblems';

function tellHttpProcesses(problems: string[]): void {
  for (const w of Object.values(cluster.workers ?? {})) if (w?.isConnected()) w.send({ [HEALTH_MESSAGE]: problems });
}

/**
 * Forks the HTTP processes and waits until every one listens; once all do, a
 * process that dies is replaced (one dying while they start fails the start,
 * as a lone node would). Returns the stop step: SIGTERM to each, so each
 * drains its requests as a lone node would, then waits for their exit.
 */
async function forkHttpProcesses(
  config: Config,
  databaseUrl: string,
  logger: Logger,
  healthProblems: () => string[],
): Promise<() => Promise<void>> {
  let state: 'starting' | 'running' | 'stopping' = 'starting';
  const fork = () => {
    const w = cluster.fork({ [PRIMARY_DATABASE_URL]: databaseUrl });
    // A process started while PostgreSQL is down learns it now; later changes are sent to all.
    w.once('online', () => healthProblems().length && w.send({ [HEALTH_MESSAGE]: healthProblems() }));
    return w;
  };
  cluster.on('exit', (w, code, signal) => {
    // Exit code 0 is a process that was asked to stop (a signal to the whole process group).
    if (state !== 'running' || code === 0) return;
    logger.error({ process: w.id, code, signal }, 'HTTP process exited; starting another');
    fork();
  });
  const stopAll = async () => {
    state = 'stopping';
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            w!.once('exit', () => resolve());
            w!.process.kill('SIGTERM');
          }),
      ),
    );
  };
  const workers = Array.from({ length: config.WEB_PROCESSES }, fork);
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const died = (code: number | null) =>
              reject(new StartupError(`HTTP process ${w.id} exited with code ${code} before listening (its reason is above).`));
            w.once('exit', died);
            w.once('listening', () => {
              w.off('exit', died);
              resolve();
            });
          }),
      ),
    );
  } catch (err) {
    await stopAll();
    throw err;
  }
  state = 'running';
  logger.info({ processes: config.WEB_PROCESSES }, 'HTTP processes listening');
  return stopAll;
}

/**
 * For one-off commands: open the database (starting the embedded one if
 * needed), migrate, build the modules on it, run, close. `migrate` alone
 * passes no `fn` and builds nothing.
 */
export async function withModules<T>(config: Config, fn?: (modules: Modules) => Promise<T>): Promise<T | undefined> {
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  if (!config.DATABASE_URL) await assertWritableDir(config.dataDir);
  const database = await openDatabase(config, logger);
  const { db, pool } = createDb(database.url, 2, { connectMs: config.DB_CONNECT_TIMEOUT_MS, statementMs: 0 });
  try {
    await explainConnectFailure(pool, config);
    await migrate(pool);
    return fn && (await fn(buildModules({ config, db })));
  } finally {
    await pool.end();
    await database.stop();
  }
}

interface OpenDatabase {
  url: string;
  stop(): Promise<void>;
  stopNow(): void;
  /** For /healthz: set while the embedded PostgreSQL is down. */
  problems(): string[];
}

async function openDatabase(
  config: Config,
  logger: Logger,
  onHealthChange: (problems: string[]) => void = () => undefined,
): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, stop: async () => undefined, stopNow: () => undefined, problems: () => [] };
  }
  logger.info({ dir: `${config.dataDir}/postgres`, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
  const pgLog = logger.child({ component: 'postgres' });
  const problems = () => (embedded.isRunning() ? [] : ['embedded PostgreSQL is down; restarting it']);
  const onEvent = (event: SupervisorEvent) => {
    if (event.type === 'died') pgLog.error({ exit: event.exit, lastLog: event.log }, 'embedded PostgreSQL died; restarting it');
    if (event.type === 'restart_failed')
      pgLog.error({ error: event.error, retryInMs: event.retryInMs }, 'embedded PostgreSQL did not restart');
    if (event.type === 'restarted') pgLog.warn('embedded PostgreSQL restarted');
    onHealthChange(problems());
  };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.EMBEDDED_PG_PORT,
    log: (line) => pgLog.debug(line),
    onEvent,
  });
  return { url: embedded.url, stop: embedded.stop, stopNow: embedded.stopNow, problems };
}

function printWelcome(config: Config, logins: DemoLogin[] | undefined): void {
  const lines = [
    '',
    `  Centrala is running at ${config.publicUrl}`,
    `    client area    ${config.publicUrl}/client`,
    `    agent console  ${config.publicUrl}/agent`,
    `    admin          ${config.publicUrl}/admin`,
    `    API docs       ${config.publicUrl}/api/docs`,
  ];
  if (logins?.length) {
    lines.push('', '  Demo logins (also in DATA_DIR/demo-logins.json):');
    for (const l of logins) {
      lines.push(`    ${l.role.padEnd(7)} ${l.email.padEnd(28)} ${l.password}${l.totpSecret ? `   TOTP secret ${l.totpSecret}` : ''}`);
    }
    if (logins.some((l) => l.totpSecret)) {
      lines.push(
        '',
        '  The admin logs in with a TOTP code: add the secret to an authenticator app,',
        '  or print the current code with: npm run centrala -- totp-code admin@centrala.test',
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

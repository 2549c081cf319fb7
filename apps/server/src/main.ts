import cluster from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { createDb } from './db/pool.js';
import { hasAnyUser, readDemoLogins, seedDemoData, type DemoLogin } from './demo.js';
import { buildApp } from './http/app.js';
import { createLogger } from './logger.js';
import { startWorker } from './worker.js';

export interface Running {
  url: string | undefined;
  stop(): Promise<void>;
}

/**
 * The composition root: config -> database -> migrations -> demo data -> HTTP
 * and workers. With WEB_PROCESSES > 1 this process prepares the database and
 * runs the jobs, and forks that many HTTP processes sharing the port (one
 * Node process uses one core; nodes already share nothing but PostgreSQL).
 */
export async function serve(config: Config): Promise<Running> {
  if (cluster.isWorker) return serveHttpProcess(config);
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, logger);
  const { db, pool } = createDb(database.url);
  const stops: (() => Promise<unknown>)[] = [() => database.stop(), () => pool.end()];
  const stop = async () => {
    for (const s of stops) await s().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
  };
  try {
    const applied = await migrate(pool);
    if (applied.length) logger.info({ applied }, 'database migrated');

    let demoLogins: DemoLogin[] | undefined;
    if (config.DEMO_DATA === 'always' || (config.DEMO_DATA === 'auto' && !(await hasAnyUser(db)))) {
      demoLogins = await seedDemoData(db, config.dataDir);
      logger.info('demo data created');
    } else if (config.DEMO_DATA !== 'never') {
      demoLogins = await readDemoLogins(config.dataDir);
    }

    let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
    if (config.ROLES.includes('worker')) {
      worker = await startWorker(pool, db, logger, config);
      stops.unshift(() => worker!.stop());
    }
    if (config.ROLES.includes('web')) {
      if (config.WEB_PROCESSES > 1) {
        stops.unshift(await forkHttpProcesses(config, database.url, logger));
      } else {
        const app = await buildApp({ config, db, logger, databaseUrl: database.url });
        stops.unshift(() => app.close());
        await app.listen({ host: config.HOST, port: config.PORT });
      }
      printWelcome(config, demoLogins);
    }
    return { url: config.ROLES.includes('web') ? config.publicUrl : undefined, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One of WEB_PROCESSES: HTTP only, on the database its primary opened and migrated. */
async function serveHttpProcess(config: Config): Promise<Running> {
  const logger = createLogger(config.LOG_LEVEL).child({ process: cluster.worker?.id });
  const databaseUrl = process.env[PRIMARY_DATABASE_URL]!;
  const { db, pool } = createDb(databaseUrl);
  const app = await buildApp({ config, db, logger, databaseUrl });
  await app.listen({ host: config.HOST, port: config.PORT });
  return {
    url: config.publicUrl,
    stop: async () => {
      await app.close();
      await pool.end();
    },
  };
}

/** Handed to the HTTP processes: the database may be the embedded one, whose address only the primary knows. */
const PRIMARY_DATABASE_URL = 'CENTRALA_PRIMARY_DATABASE_URL';

/**
 * Forks the HTTP processes and waits until every one listens; once all do, a
 * process that dies is replaced (one dying while they start fails the start,
 * as a lone node would). Returns the stop step: SIGTERM to each, so each
 * drains its requests as a lone node would, then waits for their exit.
 */
async function forkHttpProcesses(config: Config, databaseUrl: string, logger: Logger): Promise<() => Promise<void>> {
  let state: 'starting' | 'running' | 'stopping' = 'starting';
  const fork = () => cluster.fork({ [PRIMARY_DATABASE_URL]: databaseUrl });
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
            const died = (code: number | null) => reject(new Error(`HTTP process ${w.id} exited with code ${code} before listening`));
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

/** For one-off commands: open the database (starting the embedded one if needed), migrate, run, close. */
export async function withDatabase<T>(config: Config, fn: (db: ReturnType<typeof createDb>['db']) => Promise<T>): Promise<T> {
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const database = await openDatabase(config, logger);
  const { db, pool } = createDb(database.url, 2);
  try {
    await migrate(pool);
    return await fn(db);
  } finally {
    await pool.end();
    await database.stop();
  }
}

async function openDatabase(config: Config, logger: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => undefined };
  logger.info({ dir: `${config.dataDir}/postgres`, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
  const pgLog = logger.child({ component: 'postgres' });
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.EMBEDDED_PG_PORT,
    log: (line) => pgLog.debug(line),
  });
  return embedded;
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

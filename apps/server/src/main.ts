import type { FastifyInstance } from 'fastify';
import type { Runner } from 'graphile-worker';
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

/** The composition root: config -> database -> migrations -> demo data -> HTTP and workers. */
export async function serve(config: Config): Promise<Running> {
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

    let worker: Runner | undefined;
    if (config.ROLES.includes('worker')) {
      worker = await startWorker(pool, db, logger, config);
      stops.unshift(() => worker!.stop());
    }
    let app: FastifyInstance | undefined;
    if (config.ROLES.includes('web')) {
      app = await buildApp({ config, db, logger, databaseUrl: database.url });
      stops.unshift(() => app!.close());
      await app.listen({ host: config.HOST, port: config.PORT });
      printWelcome(config, demoLogins);
    }
    return { url: app ? config.publicUrl : undefined, stop };
  } catch (err) {
    await stop();
    throw err;
  }
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
      lines.push('', '  The admin logs in with a TOTP code: add the secret to an authenticator app,', '  or print the current code with: npm run centrala -- totp-code admin@centrala.test');
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

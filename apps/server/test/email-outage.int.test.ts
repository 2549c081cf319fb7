import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/pool.js';
import { buildModules } from '../src/modules.js';
import { departmentId, eventually } from './helpers.js';
import { startMailIn } from './mail-in.js';
import { freePort } from './setup/free-port.js';

const PORT = 4322;

/** Issue 12 point 2: with PostgreSQL stopped the receiver answers 451 (the sender retries), and the retry lands once. */
describe('SMTP receiver while the database is down', () => {
  const dirs: string[] = [];
  let database: EmbeddedPostgres;
  let pgDataDir: string;
  let pgPort: number;
  let created: ReturnType<typeof createDb>;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: PORT, secure: false, ignoreTLS: true });
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    await chmod(dir, 0o755);
    dirs.push(dir);
    return dir;
  };
  const startDatabase = () => startEmbeddedPostgres({ dataDir: pgDataDir, port: pgPort, database: 'centrala' });

  beforeAll(async () => {
    pgDataDir = await tempDir('centrala-smtp-outage-pg-');
    pgPort = await freePort();
    database = await startDatabase();
    const migrating = createDb(database.url, 2);
    await migrate(migrating.pool);
    await migrating.pool.end();
    created = createDb(database.url, 5, { connectMs: 1000, statementMs: 2000 });
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: await tempDir('centrala-smtp-outage-data-'), DATABASE_URL: database.url });
    const modules = buildModules({
      config,
      db: created.db,
      dnsResolver: async () => {
        throw Object.assign(new Error('no such domain'), { code: 'ENOTFOUND' });
      },
    });
    await modules.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(created.db, 'technical'),
      purpose: 'support',
    });
    mailIn = await startMailIn(modules, { port: PORT, maxBytes: 1024 * 1024 });
  }, 120_000);
  afterAll(async () => {
    transport.close();
    await mailIn?.stop();
    await created?.pool.end();
    await database?.stop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('answers 451 with the database stopped, and the retry after it is back makes one ticket', async () => {
    const mail = {
      from: 'a@example.org',
      to: 'support@centrala.test',
      subject: 'During outage',
      text: 'x',
      messageId: '<outage@example.org>',
    };
    // The address lookup is cached for a few seconds: the first answer may come from DATA. Either way it is 451, never 250 or 5xx.
    await database.stop();
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    database = await startDatabase();
    const sent = await eventually(async () => {
      try {
        return await transport.sendMail(mail);
      } catch {
        return undefined;
      }
    }, 30_000);
    expect(sent.response).toMatch(/^250 /);
    // The sender's retry of an accepted mail changes nothing either.
    expect((await transport.sendMail(mail)).response).toMatch(/^250 /);
    const ticket = await eventually(
      () =>
        created.db
          .selectFrom('inbound')
          .select('ticket_id')
          .where('mail_message_id', '=', 'outage@example.org')
          .where('state', '=', 'processed')
          .executeTakeFirst(),
      15_000,
    );
    expect(ticket.ticket_id).not.toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    expect(await created.db.selectFrom('tickets').select('id').where('subject', '=', 'During outage').execute()).toHaveLength(1);
  }, 90_000);
});

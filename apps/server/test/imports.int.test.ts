import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_EXAMPLES, IMPORT_MAX_BYTES, ImportSummary } from '@centrala/contracts';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { buildModules } from '../src/modules.js';
import { startWorker } from '../src/worker.js';
import { createCustomer, createStaff, eventually, login, useTestApp, type LoggedIn } from './helpers.js';

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');

/** A multipart upload of `kind` and one file, for app.inject. */
function upload(kind: string, fileName: string, content: string | Buffer) {
  const boundary = `----import${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const tag = randomBytes(3).toString('hex');
const accountsCsv = (n: number, from = 0) =>
  [
    'external_id;name;email',
    ...Array.from({ length: n }, (_, i) => `A-${tag}-${from + i};Firma ${from + i} d.o.o.;billing${from + i}-${tag}@example.hr`),
  ].join('\r\n');
const servicesCsv = (n: number, accounts: number) =>
  [
    'external_id,account_external_id,name,order_number,product,location,ip_addresses',
    ...Array.from(
      { length: n },
      (_, i) =>
        `S-${tag}-${i},A-${tag}-${i % accounts},srv-${i}.example.hr,#${String(900000 + i)},VPS,Zagreb,"10.${i >> 8}.${i & 255}.1 2001:db8::${i.toString(16)}"`,
    ),
  ].join('\n');

describe('import of accounts, contacts and services (issue 13 point 3)', () => {
  const ctx = useTestApp();
  let admin: LoggedIn;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let pool: ReturnType<typeof createDb>['pool'];

  beforeAll(async () => {
    const created = createDb(ctx.databaseUrl, 4);
    pool = created.pool;
    worker = await startWorker(pool, buildModules({ config: ctx.config, db: created.db }), createLogger('silent'), ctx.config);
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
  });
  afterAll(async () => {
    await worker?.stop();
    await pool?.end();
  });

  const post = async (kind: string, fileName: string, content: string | Buffer, session = admin) => {
    const form = upload(kind, fileName, content);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/admin/imports',
      headers: { ...session.headers, ...form.headers },
      payload: form.payload,
    });
  };
  const dryRun = async (kind: string, content: string, fileName = `${kind}.csv`) => {
    const res = await post(kind, fileName, content);
    expect(res.statusCode, res.body).toBe(201);
    return ImportSummary.parse(res.json());
  };
  const start = (id: string) => ctx.app.inject({ method: 'POST', url: `/api/admin/imports/${id}/start`, headers: admin.headers });
  const get = async (id: string) =>
    ImportSummary.parse((await ctx.app.inject({ method: 'GET', url: `/api/admin/imports/${id}`, headers: admin.headers })).json());
  const finished = (id: string) =>
    eventually(async () => {
      const s = await get(id);
      return s.state === 'done' || s.state === 'failed' ? s : undefined;
    }, 60_000);
  const count = async (table: 'accounts' | 'services') =>
    Number(
      (
        await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses everyone but admins: no session, a customer, an agent', async () => {
    const form = upload('accounts', 'a.csv', accountsCsv(1));
    expect((await ctx.app.inject({ method: 'POST', url: '/api/admin/imports', ...form })).statusCode).toBe(401);
    const customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    expect((await post('accounts', 'a.csv', accountsCsv(1), customer)).statusCode).toBe(403);
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const refused = await post('accounts', 'a.csv', accountsCsv(1), agent);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'auth.forbidden' } });
    const examples = (session: LoggedIn) =>
      ctx.app.inject({ method: 'GET', url: '/api/admin/imports/examples/services', headers: session.headers });
    expect((await examples(agent)).statusCode).toBe(403);
    const example = await examples(admin);
    expect(example.statusCode).toBe(200);
    expect(example.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(example.headers['content-disposition']).toBe('attachment; filename="services-example.csv"');
    expect(example.body).toBe(IMPORT_EXAMPLES.services);
  });

  it('dry run: lists each bad row with its column and reason, writes nothing, and refuses to import the file', async () => {
    const before = { accounts: await count('accounts'), services: await count('services') };
    const file = [
      'external_id,account_external_id,name,order_number,product,location,ip_addresses',
      `S-${tag}-bad-1,A-${tag}-nowhere,web,100001,VPS,Zagreb,192.0.2.1`,
      `S-${tag}-bad-2,,web,1234567,VPS,Zagreb,192.0.2.256`,
    ].join('\n');
    const summary = await dryRun('services', file);
    expect(summary).toMatchObject({ state: 'invalid', totalRows: 2, errorCount: 4, processed: 0 });
    expect(summary.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'account_external_id', 'account_unknown'],
      [3, 'order_number', 'order_number'],
      [3, 'ip_addresses', 'ip_address'],
      [3, 'account_external_id', 'account_ref'],
    ]);
    expect(summary.errors[0]!.message.hr).toContain(`A-${tag}-nowhere`);
    const refused = await start(summary.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'import.not_ready' } });
    expect({ accounts: await count('accounts'), services: await count('services') }).toEqual(before);
  });

  it('a file that cannot be read as rows is refused as a whole, saying why (not a 500)', async () => {
    for (const [name, content] of [
      ['a.csv', 'external_id,name,email,fax\nA-1,X,x@example.hr,1\n'],
      ['a.csv', ''],
      ['a.json', '{"not": "an array"}'],
      ['a.csv', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe8, 0x0a])],
    ] as const) {
      const res = await post('accounts', name, content);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'import.unreadable' } });
    }
    const noKind = await post('people', 'a.csv', accountsCsv(1));
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json()).toMatchObject({ error: { code: 'request.invalid', fields: [{ path: 'kind' }] } });
  });

  it('takes a file of many megabytes, and refuses one over the limit by its size', async () => {
    // 60,000 rows, about 4.6 MB: far past the JSON body limit, which a multipart upload does not share.
    const big = await post('accounts', 'big.csv', accountsCsv(60_000, 100_000));
    expect(big.statusCode, big.body.slice(0, 300)).toBe(201);
    expect(ImportSummary.parse(big.json())).toMatchObject({ state: 'ready', totalRows: 60_000 });
    const tooBig = await post('accounts', 'huge.csv', Buffer.alloc(IMPORT_MAX_BYTES + 1, 'a'));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ error: { code: 'import.too_large' } });
  }, 60_000);

  it('imports accounts, then their services in batches, the progress reaching the total; the same files again change nothing', async () => {
    const accounts = await dryRun('accounts', accountsCsv(40));
    expect(accounts).toMatchObject({ state: 'ready', totalRows: 40, errorCount: 0 });
    expect((await start(accounts.id)).statusCode).toBe(202);
    expect(await finished(accounts.id)).toMatchObject({ state: 'done', processed: 40, created: 40, updated: 0, unchanged: 0, failed: 0 });

    const services = await dryRun('services', servicesCsv(2500, 40));
    expect(services).toMatchObject({ state: 'ready', totalRows: 2500 });
    const before = await count('services');
    expect((await start(services.id)).statusCode).toBe(202);
    // Polled as the page polls it: the counter moves by whole batches and ends at the total.
    const seen = new Set<number>();
    const done = await eventually(async () => {
      const s = await get(services.id);
      seen.add(s.processed);
      return s.state === 'done' ? s : undefined;
    }, 60_000);
    expect(done).toMatchObject({ processed: 2500, totalRows: 2500, created: 2500, failed: 0, errorCount: 0 });
    expect([...seen].every((n) => n % 1000 === 0 || n === 2500)).toBe(true);
    expect(await count('services')).toBe(before + 2500);
    const stored = await ctx.db
      .selectFrom('services')
      .select(['order_number', 'ip_addresses'])
      .where('external_id', '=', `S-${tag}-257`)
      .executeTakeFirstOrThrow();
    expect(stored.order_number).toBe('900257');
    expect(stored.ip_addresses.map(String)).toEqual(['10.1.1.1', '2001:db8::101']);

    // Import twice = the same rows: every row is matched by its external id and found unchanged.
    const again = await dryRun('services', servicesCsv(2500, 40));
    await start(again.id);
    expect(await finished(again.id)).toMatchObject({ state: 'done', processed: 2500, created: 0, updated: 0, unchanged: 2500 });
    expect(await count('services')).toBe(before + 2500);
    // Nothing of the file is kept once it is imported.
    const kept = await ctx.db.selectFrom('imports').select('content').where('id', 'in', [accounts.id, services.id, again.id]).execute();
    expect(kept.every((r) => r.content === null)).toBe(true);
  }, 120_000);

  it('a job that stopped mid-way goes on from its counter; the batch in flight is written again, harmlessly', async () => {
    // As if an earlier attempt wrote rows 1–2000 of this file but died before counting its second batch.
    const earlier = await dryRun('accounts', accountsCsv(2000, 1000));
    await start(earlier.id);
    await finished(earlier.id);
    const summary = await dryRun('accounts', accountsCsv(2500, 1000));
    expect(summary.state).toBe('ready');
    await ctx.db.updateTable('imports').set({ state: 'running', processed: 1000, created: 1000 }).where('id', '=', summary.id).execute();
    const before = await count('accounts');
    await buildModules({ config: ctx.config, db: ctx.db }).imports.run(summary.id);
    expect(await get(summary.id)).toMatchObject({ state: 'done', processed: 2500, created: 1500, unchanged: 1000, failed: 0 });
    expect(await count('accounts')).toBe(before + 500);
  }, 60_000);

  it('an import already started is not started twice', async () => {
    const summary = await dryRun('accounts', accountsCsv(3, 100));
    expect((await start(summary.id)).statusCode).toBe(202);
    const second = await start(summary.id);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'import.not_ready' } });
    expect(await finished(summary.id)).toMatchObject({ state: 'done', created: 3 });
  });

  it('the CLI dry run prints the bad rows and exits 1; a valid file imports and says what it did', async () => {
    const bad = path.join(ctx.dataDir, 'bad.csv');
    await writeFile(bad, `external_id,name,email\nA-${tag}-cli,CLI d.o.o.,not-an-email\n`);
    const env = { ...process.env, DATABASE_URL: ctx.databaseUrl, DATA_DIR: ctx.dataDir, LOG_LEVEL: 'silent' };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', CLI, 'import', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    const dry = run('accounts', bad, '--dry-run');
    expect(dry.status).toBe(1);
    expect(dry.stdout).toContain('row 2, email: Enter a valid email address.');

    const good = path.join(ctx.dataDir, 'good.csv');
    await writeFile(good, accountsCsv(2, 200));
    const imported = run('accounts', good);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('created 2, updated 0, unchanged 0, refused 0');
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['actor_kind', 'actor_label'])
      .where('entity', '=', 'account')
      .where('action', '=', 'create')
      .where('after', '@>', JSON.stringify({ externalId: `A-${tag}-200` }) as never)
      .execute();
    expect(audit).toEqual([{ actor_kind: 'cli', actor_label: 'cli' }]);
  }, 120_000);
});

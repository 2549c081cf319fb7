import { existsSync } from 'node:fs';
import { stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachmentStore, attachmentSweep } from '../src/modules/tickets/index.js';
import { createCustomer, departmentId, login, postForm, useTestApp } from './helpers.js';

const DAY_MS = 24 * 60 * 60_000;
const twoDaysAgo = () => new Date(Date.now() - 2 * DAY_MS);
const age = async (file: string, at: Date) => utimes(file, at, at);

/** Files a write left behind when it failed after they landed are removed; nothing a row names is (no half-written state, quality bar). */
describe('attachment files no row names', () => {
  const ctx = useTestApp();
  let store: ReturnType<typeof attachmentStore>;
  let sweep: ReturnType<typeof attachmentSweep>;
  let referencedFile: string;
  let attachmentUrl: string;
  let cookieHeaders: Record<string, string>;

  beforeAll(async () => {
    store = attachmentStore(path.join(ctx.dataDir, 'attachments'));
    sweep = attachmentSweep(ctx.db, store);
    const customer = await createCustomer(ctx.db);
    const session = await login(ctx.app, customer.email);
    cookieHeaders = session.headers;
    const res = await postForm(
      ctx.app,
      '/api/client/tickets',
      session,
      {
        departmentId: await departmentId(ctx.db, 'technical'),
        priority: 'regular',
        subject: 'Log attached',
        description: 'See the log.',
        serviceId: null,
      },
      [{ filename: 'log.txt', content: 'kept: a row names this file\n' }],
    );
    expect(res.statusCode).toBe(201);
    const file = res.json().messages[0].attachments[0];
    attachmentUrl = `/api/client/attachments/${file.id}`;
    const { sha256 } = await ctx.db.selectFrom('attachments').select('sha256').where('id', '=', file.id).executeTakeFirstOrThrow();
    referencedFile = store.pathOf(sha256);
  });

  it('removes old unreferenced files and unfinished writes, keeps referenced and recent ones', async () => {
    const orphan = store.pathOf((await store.put(Buffer.from('orphan: its ticket was never written\n'))).sha256);
    const recentOrphan = store.pathOf((await store.put(Buffer.from('recent: its ticket may still be being written\n'))).sha256);
    const partial = `${orphan}.0123456789ab.partial`;
    await writeFile(partial, 'half a file');
    for (const file of [orphan, partial, referencedFile]) await age(file, twoDaysAgo());

    expect(await sweep()).toBe(2);

    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(recentOrphan)).toBe(true);
    expect(existsSync(referencedFile)).toBe(true);
    const download = await ctx.app.inject({ url: attachmentUrl, headers: cookieHeaders });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('kept: a row names this file\n');
    // A second pass has nothing left to do.
    expect(await sweep()).toBe(0);
  });

  it('keeps a file stored again after it went stale: storing touches it', async () => {
    const bytes = Buffer.from('stored twice: the second ticket is on its way\n');
    const file = store.pathOf((await store.put(bytes)).sha256);
    await age(file, twoDaysAgo());
    await store.put(bytes);
    expect((await stat(file)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(await sweep()).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('has nothing to sweep before any file was stored', async () => {
    const empty = attachmentStore(path.join(ctx.dataDir, 'no-attachments-yet'));
    expect(await empty.sweep(async () => new Set(), 0)).toBe(0);
  });
});

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachmentStore, attachmentSweep } from '../src/modules/tickets/index.js';
import { createCustomer, createStaff, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

async function filesUnder(dir: string): Promise<{ file: string; size: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const file = path.join(e.parentPath, e.name);
        return { file, size: (await stat(file).catch(() => ({ size: 0 }))).size };
      }),
  );
}

// A full collection before each reading of memory, so a buffer dropped but not yet collected is not counted. V8 by
// default frees the memory of dead ArrayBuffers on a background thread after the collection (concurrent array buffer
// sweeping), so a reading right after gc() may still count tens of MB that nothing holds, depending on how soon that
// thread runs: 20-25 MB were read here while a heap snapshot at that moment held 1.5 MB of ArrayBuffers, and 100 ms
// later, with no collection between, 0.1 MB. Swept within the collection, the reading counts only what is held.
v8.setFlagsFromString('--expose-gc');
v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');
const gc = vm.runInNewContext('gc') as () => void;
const bufferBytes = () => {
  gc();
  return process.memoryUsage().arrayBuffers;
};

const MB = 1024 * 1024;

describe('uploads stream to disk (issue 9 point 12)', () => {
  const ctx = useTestApp({ ATTACHMENT_MAX_BYTES: String(64 * MB) });
  let customer: LoggedIn;
  let technical: string;
  let port: number;

  beforeAll(async () => {
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    technical = await departmentId(ctx.db, 'technical');
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    port = (ctx.app.server.address() as AddressInfo).port;
  });

  /**
   * Starts a real HTTP upload of a new-ticket form with one file of `fileMb`
   * MB, sending the first `sendMb` of it; `finish` sends the rest and reads
   * the answer, `abort` hangs up.
   */
  async function startUpload(fileMb: number, sendMb: number) {
    const boundary = `----centrala${randomBytes(8).toString('hex')}`;
    const payload = { departmentId: technical, priority: 'regular', subject: 'A large log', description: 'The whole log is attached.' };
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${JSON.stringify(payload)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = randomBytes(MB);
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/client/tickets',
      headers: { ...customer.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
    });
    answer.catch(() => {});
    const write = (b: Buffer) => new Promise<void>((resolve) => (req.write(b) ? resolve() : req.once('drain', resolve)));
    await write(head);
    for (let i = 0; i < sendMb; i++) await write(chunk);
    return {
      async finish() {
        for (let i = sendMb; i < fileMb; i++) await write(chunk);
        req.end(tail);
        return answer;
      },
      abort: () => req.destroy(),
    };
  }

  const incoming = () => filesUnder(path.join(ctx.dataDir, 'attachments', 'incoming'));

  it('writes a file to disk while it arrives, holding no copy of it in memory', async () => {
    // Once through first: what the first upload loads and keeps for good (modules, pools) is no copy of a file.
    expect((await (await startUpload(2, 2)).finish()).status).toBe(201);
    const before = bufferBytes();
    const upload = await startUpload(40, 24);
    // What was sent is on disk while the request is still open (all but the few bytes the parser holds back while
    // it looks for the next boundary): once the server has taken it all in, a copy kept in memory would show.
    const [partial] = await eventually(async () => {
      const files = await incoming();
      return files.length === 1 && files[0]!.size >= 24 * MB - 64 * 1024 ? files : undefined;
    }, 20_000);
    expect(partial!.file).toMatch(/\.partial$/);
    // Client and server share this process: what is held is the client's 1 MB chunk and what is in flight.
    expect(bufferBytes() - before).toBeLessThan(8 * MB);
    const res = await upload.finish();
    expect(res.status).toBe(201);
    const [file] = JSON.parse(res.body).messages[0].attachments;
    expect(file).toMatchObject({ filename: 'big.bin', sizeBytes: 40 * MB });
    expect(await incoming()).toEqual([]);
    const stored = (await filesUnder(path.join(ctx.dataDir, 'attachments'))).filter((f) => f.size === 40 * MB);
    expect(stored).toHaveLength(1);
  }, 30_000);

  it('leaves no temporary file behind an upload the client abandoned', async () => {
    const stored = (await filesUnder(path.join(ctx.dataDir, 'attachments'))).length;
    const upload = await startUpload(40, 8);
    await eventually(async () => ((await incoming()).some((f) => f.size > 0) ? true : undefined), 10_000);
    upload.abort();
    await eventually(async () => ((await incoming()).length === 0 ? true : undefined), 10_000);
    expect((await filesUnder(path.join(ctx.dataDir, 'attachments'))).length).toBe(stored);
    // And the server goes on.
    const res = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: technical,
      priority: 'regular',
      subject: 'After the aborted upload',
      description: 'The server still takes tickets.',
    });
    expect(res.statusCode).toBe(201);
  }, 30_000);

  it('sweeps temporary files a crash left behind, once they are old', async () => {
    const dir = path.join(ctx.dataDir, 'attachments', 'incoming');
    await mkdir(dir, { recursive: true });
    const old = path.join(dir, 'left-by-a-crash.partial');
    const recent = path.join(dir, 'still-arriving.partial');
    await writeFile(old, 'half a file');
    await writeFile(recent, 'half a file');
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    await utimes(old, dayAgo, dayAgo);
    const store = attachmentStore(path.join(ctx.dataDir, 'attachments'));
    expect(await attachmentSweep(ctx.db, store)()).toBe(1);
    expect((await incoming()).map((f) => path.basename(f.file))).toEqual(['still-arriving.partial']);
    await rm(recent);
  });

  it('refuses a file over the limit by its name, keeping nothing of it', async () => {
    const res = await postForm(
      ctx.app,
      '/api/client/tickets',
      customer,
      { departmentId: technical, priority: 'regular', subject: 'Too large', description: 'One file is over the limit.' },
      [
        { filename: 'small.txt', content: 'small\n' },
        { filename: 'huge.bin', content: Buffer.alloc(64 * MB + 1) },
      ],
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'attachment.too_large', message: { en: 'huge.bin is larger than 64 MB.' } });
    expect(await incoming()).toEqual([]);
  }, 30_000);
});

describe('tickets and replies are limited per account (issue 9 point 12)', () => {
  const ctx = useTestApp({ TICKET_LIMIT_PER_MINUTE: '3', REPLY_LIMIT_PER_MINUTE: '2' });
  let technical: string;
  const newTicket = (subject: string) => ({ departmentId: technical, priority: 'regular', subject, description: 'Please look at this.' });

  beforeAll(async () => {
    technical = await departmentId(ctx.db, 'technical');
  });

  it('answers 429 request.rate_limited with Retry-After past the limit, for the account and not for others', async () => {
    const c = await createCustomer(ctx.db);
    const first = await login(ctx.app, c.email);
    // A second login of the same account shares its count.
    const second = await login(ctx.app, c.email);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await postForm(ctx.app, '/api/client/tickets', i % 2 ? second : first, newTicket(`Ticket ${i}`))).statusCode);
    expect(statuses).toEqual([201, 201, 201]);
    const limited = await postForm(ctx.app, '/api/client/tickets', second, newTicket('One too many'));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('request.rate_limited');
    expect(limited.json().error.message.hr).toMatch(/Pokušajte ponovno/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const tickets = await ctx.db.selectFrom('tickets').select('id').where('account_id', '=', c.accountId).execute();
    expect(tickets).toHaveLength(3);

    const other = await login(ctx.app, (await createCustomer(ctx.db)).email);
    expect((await postForm(ctx.app, '/api/client/tickets', other, newTicket('Another account'))).statusCode).toBe(201);
  });

  it('counts requests arriving together exactly (they are counted by one statement)', async () => {
    const c = await login(ctx.app, (await createCustomer(ctx.db)).email);
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => (await postForm(ctx.app, '/api/client/tickets', c, newTicket(`At once ${i}`))).statusCode),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it('limits replies per account and per agent', async () => {
    const c = await login(ctx.app, (await createCustomer(ctx.db)).email);
    const ref = (await postForm(ctx.app, '/api/client/tickets', c, newTicket('To reply to'))).json().reference;
    const replies = [];
    for (let i = 0; i < 3; i++)
      replies.push((await postForm(ctx.app, `/api/client/tickets/${ref}/replies`, c, { body: `Reply ${i}` })).statusCode);
    expect(replies).toEqual([201, 201, 429]);

    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push((await postForm(ctx.app, `/api/agent/tickets/${ref}/replies`, agent, { body: `Answer ${i}` })).statusCode);
    expect(answers).toEqual([201, 201, 429]);
  });
});

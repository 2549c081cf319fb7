import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

/** Every file under `dir`, temporary ones included. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** A multipart body of the given parts in the given order; `type` is a part's Content-Type. */
function multipart(parts: { name: string; content: string | Buffer; filename?: string; type?: string }[]) {
  const boundary = `----centrala${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('bad input is a field error, never a 500 (issue 9 points 11 and 13)', () => {
  const ctx = useTestApp();
  let customer: LoggedIn;
  /** A multipart body built by hand, sent as the customer's new ticket. */
  const fileRaw = (form: ReturnType<typeof multipart>) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/client/tickets',
      headers: { ...customer.headers, ...form.headers },
      payload: form.payload,
    });
  let agent: LoggedIn;
  let admin: LoggedIn;
  let technical: string;
  const ticket = (over: Record<string, unknown> = {}) => ({
    departmentId: technical,
    priority: 'regular',
    subject: 'Mail is not delivered',
    description: 'Since this morning no mail arrives.',
    ...over,
  });
  const attachmentsDir = () => path.join(ctx.dataDir, 'attachments');

  beforeAll(async () => {
    const c = await createCustomer(ctx.db, { services: [{ name: 'web-1', ips: ['192.0.2.77'] }] });
    customer = await login(ctx.app, c.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    technical = await departmentId(ctx.db, 'technical');
  });

  it('refuses NUL and other control characters in a ticket with a field error in hr and en, and writes nothing', async () => {
    const before = await ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [field, value] of [
      ['subject', 'Invoice\u0000'],
      ['description', 'Since this morning \u0007 no mail arrives.'],
      ['subject', 'Broken \ud800 text'],
    ] as const) {
      const res = await postForm(ctx.app, '/api/client/tickets', customer, ticket({ [field]: value }), [
        { filename: 'log.txt', content: 'a log\n' },
      ]);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('request.invalid');
      const [error] = res.json().error.fields;
      expect(error).toMatchObject({ path: field, code: 'control_character' });
      expect(error.message.en).toMatch(/control character/);
      expect(error.message.hr).toMatch(/kontrolni/);
    }
    const after = await ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // The payload came first: no attachment was even written.
    expect(await filesUnder(attachmentsDir())).toEqual([]);
  });

  it('removes files already streamed when the payload after them is refused', async () => {
    const form = multipart([
      { name: 'attachments', filename: 'a.txt', content: 'first file\n', type: 'text/plain' },
      { name: 'attachments', filename: 'b.bin', content: randomBytes(300_000) },
      { name: 'payload', content: JSON.stringify(ticket({ subject: 'Nul\u0000' })) },
    ]);
    const res = await fileRaw(form);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ path: 'subject', code: 'control_character' });
    expect(await filesUnder(attachmentsDir())).toEqual([]);
  });

  it('answers a cut-off or malformed multipart body 400 request.malformed_form, and keeps none of its files', async () => {
    const whole = multipart([
      { name: 'payload', content: JSON.stringify(ticket()) },
      { name: 'attachments', filename: 'log.txt', content: 'a log that is cut off\n'.repeat(100), type: 'text/plain' },
    ]);
    const boundary = whole.headers['content-type'].split('boundary=')[1]!;
    for (const [what, body, type] of [
      ['cut off in a file', whole.payload.subarray(0, whole.payload.length - 200), whole.headers['content-type']],
      ['no closing boundary', whole.payload.subarray(0, whole.payload.indexOf(`--${boundary}--`)), whole.headers['content-type']],
      ['no parts at all', Buffer.from('not a form'), whole.headers['content-type']],
      ['no boundary', whole.payload, 'multipart/form-data'],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/client/tickets',
        headers: { ...customer.headers, 'content-type': type },
        payload: body,
      });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('request.malformed_form');
      expect(res.json().error.message.hr, what).toMatch(/obrasc/);
    }
    expect(await filesUnder(attachmentsDir())).toEqual([]);
  });

  it('keeps tabs and line breaks', async () => {
    const res = await postForm(ctx.app, '/api/client/tickets', customer, ticket({ description: 'Line one\r\n\tindented line two\n' }));
    expect(res.statusCode).toBe(201);
  });

  it('takes a payload part sent as application/json, as the form of JSON text it is (point 13)', async () => {
    const form = multipart([
      { name: 'payload', content: JSON.stringify(ticket({ subject: 'Sent as application/json' })), type: 'application/json' },
      { name: 'attachments', filename: 'note.txt', content: 'a note\n', type: 'text/plain' },
    ]);
    const res = await fileRaw(form);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ subject: 'Sent as application/json', messages: [{ attachments: [{ filename: 'note.txt' }] }] });
    // Not JSON, though declared so: the same answer as JSON text that is none.
    const broken = multipart([{ name: 'payload', content: '{"subject": ', type: 'application/json' }]);
    const bad = await fileRaw(broken);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid_json');
  });

  it('refuses NUL in a reply, a search and an admin name; searches IP-shaped text that is no address as words', async () => {
    const t = (await postForm(ctx.app, '/api/client/tickets', customer, ticket({ description: 'The server 192.0.2.77 is down.' }))).json();
    const reply = await postForm(ctx.app, `/api/client/tickets/${t.reference}/replies`, customer, { body: 'Still\u0000 down' });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.fields[0]).toMatchObject({ path: 'body', code: 'control_character' });
    const agentReply = await postForm(ctx.app, `/api/agent/tickets/${t.reference}/replies`, agent, { body: 'On it\u0000' });
    expect(agentReply.statusCode).toBe(400);

    for (const url of [
      `/api/agent/tickets?q=${encodeURIComponent('mail\u0000')}`,
      `/api/agent/accounts?q=${encodeURIComponent('\u0001')}`,
    ]) {
      const res = await ctx.app.inject({ url, headers: agent.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ path: 'q', code: 'control_character' });
    }
    for (const q of ['999.999.999.999', '1:2:3', 'abc:', '1::2::3', '010.0.0.1']) {
      const res = await ctx.app.inject({ url: `/api/agent/tickets?q=${encodeURIComponent(q)}`, headers: agent.headers });
      expect(res.statusCode, q).toBe(200);
    }
    const byIp = await ctx.app.inject({ url: '/api/agent/tickets?q=192.0.2.77', headers: agent.headers });
    expect(byIp.json().tickets.map((x: { reference: string }) => x.reference)).toContain(t.reference);

    const user = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: { email: 'nul.agent@centrala.test', name: 'Ana\u0000', role: 'agent', password: 'a long enough password' },
    });
    expect(user.statusCode).toBe(400);
    expect(user.json().error.fields[0]).toMatchObject({ path: 'name', code: 'control_character' });
    const reference = await ctx.app.inject({ url: `/api/agent/tickets/${encodeURIComponent('T-\u0000')}`, headers: agent.headers });
    expect(reference.statusCode).toBe(400);
  });
  it('refuses JSON nested deeper than any form as a field error, not a 500 from a stack overflow', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    for (const [url, headers] of [
      ['/api/auth/login', {}],
      ['/api/me/locale', customer.headers],
    ] as const) {
      const res = await ctx.app.inject({
        method: url === '/api/me/locale' ? 'PUT' : 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: `{"email":${deep}}`,
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ path: expect.stringMatching(/^email(\.0)+$/), code: 'too_deep' });
    }
    const form = multipart([{ name: 'payload', content: JSON.stringify(ticket()).replace('}', `,"x":${deep}}`) }]);
    const res = await fileRaw(form);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].code).toBe('too_deep');
  });
  it('answers a form the multipart parser cannot read 400 request.malformed_form, not 500, keeps none of its files, and one of thousands of parts 413', async () => {
    const form = multipart([
      { name: 'payload', content: JSON.stringify(ticket()) },
      { name: 'attachments', filename: 'log.txt', content: 'x'.repeat(100_000) },
    ]);
    const boundary = form.headers['content-type'].split('boundary=')[1]!;
    const filesBefore = await filesUnder(attachmentsDir());
    for (const [what, contentType, payload] of [
      ['no boundary', 'multipart/form-data', form.payload],
      ['no closing boundary', form.headers['content-type'], form.payload.subarray(0, form.payload.length - boundary.length - 8)],
      ['a file cut short', form.headers['content-type'], form.payload.subarray(0, form.payload.length - 50_000)],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/client/tickets',
        headers: { ...customer.headers, 'content-type': contentType },
        payload,
      });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error, what).toMatchObject({ code: 'request.malformed_form', message: { hr: expect.any(String) } });
    }
    expect(await filesUnder(attachmentsDir())).toEqual(filesBefore);

    const crowded = multipart([
      { name: 'payload', content: JSON.stringify(ticket()) },
      ...Array.from({ length: 2000 }, (_, i) => ({ name: `field${i}`, content: 'x' })),
    ]);
    const res = await fileRaw(crowded);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('request.too_large');
  });
});

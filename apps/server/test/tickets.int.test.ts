import { sql } from 'kysely';
import { describe, expect, it, beforeAll } from 'vitest';
import { createCustomer, createStaff, departmentId, login, PNG, postForm, ticketForm, useTestApp, type LoggedIn } from './helpers.js';
import { slaNextInstantSql } from '../src/modules/tickets/index.js';

describe('tickets from the client area (issue 3, R1–R8)', () => {
  const ctx = useTestApp({ ATTACHMENT_MAX_BYTES: String(64 * 1024) });
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let c: LoggedIn;
  let agent: LoggedIn;
  let technical: string;
  beforeAll(async () => {
    customer = await createCustomer(ctx.db, { services: [{ name: 'Poslužitelj Zagreb', ips: ['203.0.113.50'] }] });
    await ctx.db
      .insertInto('notification_addresses')
      .values({ account_id: customer.accountId, kind: 'support', email: 'noc@example.com' })
      .execute();
    c = await login(ctx.app, customer.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    technical = await departmentId(ctx.db, 'technical');
  });

  const highTicket = (over: Record<string, unknown> = {}) => ({
    departmentId: technical,
    priority: 'high',
    subject: 'Server down',
    description: 'Our Poslužitelj Zagreb (203.0.113.50, order #' + '104233) is completely down since 14:30 CET.',
    serviceId: customer.services[0]!.id,
    incident: { ipOrOrder: '203.0.113.50', startedAtLocal: '2026-11-24T14:30', startedAtZone: 'Europe/Zagreb', diagnostics: '' },
    ...over,
  });

  it('files a High ticket with an attachment: reference, extracted R5 details, clock, acknowledgement', async () => {
    const res = await postForm(ctx.app, '/api/client/tickets', c, highTicket(), [
      { filename: 'screen.png', content: PNG, type: 'image/png' },
      { filename: 'ping.txt', content: Buffer.from('64 bytes from 203.0.113.50: icmp_seq=1\n'), type: 'text/plain' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const t = res.json();
    expect(t.reference).toMatch(/^T-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(t.status).toBe('open');
    expect(t.trust).toBe('session');
    expect(t.incident.ipAddresses).toContain('203.0.113.50');
    expect(t.incident.serviceName).toBe('Poslužitelj Zagreb');
    expect(t.incident.startedAt).toEqual({ utc: '2026-11-24T13:30:00.000Z', zone: 'Europe/Zagreb', zoneStated: true });
    expect(t.incident.missing).toEqual([]); // the screenshot counts as diagnostics
    expect(t.messages[0].attachments).toMatchObject([
      { filename: 'ping.txt', contentType: 'text/plain', isImage: false },
      { filename: 'screen.png', contentType: 'image/png', isImage: true },
    ]);
    const dueIn = new Date(t.dueAt).getTime() - new Date(t.createdAt).getTime();
    expect(dueIn).toBe(10 * 60_000); // R7: first answer within 10 minutes
    // The answer is built from what intake wrote, not read back: it must be what reading it back gives.
    const readBack = await ctx.app.inject({ url: `/api/client/tickets/${t.reference}`, headers: c.headers });
    expect(t).toEqual(readBack.json());

    const mail = await ctx.db
      .selectFrom('outbox_emails')
      .selectAll()
      .where('kind', '=', 'ticket_acknowledged')
      .where('subject', 'like', `[${t.reference}]%`)
      .execute();
    expect(mail.map((m) => m.to_address)).toEqual(['noc@example.com']); // R14: the Support address
    // The timer exists at its exact instant: the ticket's next SLA instant is the near-breach one, at 80 %.
    const timer = await sql<{ at: Date }>`select ${slaNextInstantSql} as at from tickets where id = ${t.id}`.execute(ctx.db);
    expect(new Date(timer.rows[0]!.at).toISOString()).toBe(new Date(new Date(t.dueAt).getTime() - 120_000).toISOString());
  });

  it('writes tickets filed at the same moment together, each whole: message, event, acknowledgement, timer', async () => {
    const subjects = Array.from({ length: 12 }, (_, i) => `Concurrent ${i}`);
    const responses = await Promise.all(
      subjects.map((subject, i) =>
        postForm(ctx.app, '/api/client/tickets', c, highTicket({ subject, priority: i % 2 ? 'high' : 'regular' })),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(subjects.map(() => 201));
    const tickets = responses.map((r) => r.json());
    // Each caller gets its own ticket back, not a neighbour's from the same statement.
    expect(tickets.map((t) => t.subject)).toEqual(subjects);
    expect(new Set(tickets.map((t) => t.reference)).size).toBe(12);
    const ids = tickets.map((t) => t.id as string);
    const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(ctx.db)).rows[0]!.n;
    expect(await count(sql`select count(*)::int as n from ticket_messages where ticket_id in (${sql.join(ids)})`)).toBe(12);
    expect(await count(sql`select count(*)::int as n from ticket_events where kind = 'created' and ticket_id in (${sql.join(ids)})`)).toBe(
      12,
    );
    expect(
      await count(sql`select count(*)::int as n from outbox_emails where kind = 'ticket_acknowledged' and subject like '%Concurrent %'`),
    ).toBe(12);
    expect(
      await count(sql`select count(*)::int as n from tickets where ${slaNextInstantSql} is not null and id in (${sql.join(ids)})`),
    ).toBe(12);
  });

  it('lists what a High ticket is still missing', async () => {
    const res = await postForm(
      ctx.app,
      '/api/client/tickets',
      c,
      highTicket({ description: 'Everything is down, please help!', serviceId: null, incident: undefined }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().incident.missing).toEqual(['ip_or_order', 'service', 'start_time', 'diagnostics']);
  });

  it("recognises the customer's own service by its IP address alone", async () => {
    const res = await postForm(
      ctx.app,
      '/api/client/tickets',
      c,
      highTicket({ description: 'Nothing answers on 203.0.113.50 any more.', serviceId: null, incident: undefined }),
    );
    expect(res.json().incident).toMatchObject({ ipAddresses: ['203.0.113.50'], serviceName: 'Poslužitelj Zagreb' });
    expect(res.json().serviceName).toBe('Poslužitelj Zagreb');
  });

  it('names every service of the customer the text mentions, and relates the ticket to none of them', async () => {
    const two = await createCustomer(ctx.db, { services: [{ name: 'web-01', ips: ['198.51.100.7'] }, { name: 'mail.horvat.hr' }] });
    const res = await postForm(
      ctx.app,
      '/api/client/tickets',
      await login(ctx.app, two.email),
      highTicket({
        description: 'Since the upgrade web-01 (198.51.100.7) and mail.horvat.hr both time out.',
        serviceId: null,
        incident: undefined,
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().incident.serviceName?.split(', ').sort()).toEqual(['mail.horvat.hr', 'web-01']);
    expect(res.json().serviceName).toBeNull();
  });

  it('rejects bad input with field errors in hr and en, and saves nothing', async () => {
    const before = await ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const filesBefore = await ctx.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const post = (payload: unknown, files: Parameters<typeof ticketForm>[1] = []) =>
      postForm(ctx.app, '/api/client/tickets', c, payload, files);

    const missing = await post({ departmentId: technical, priority: 'regular' });
    expect(missing.statusCode).toBe(400);
    const fields = missing.json().error.fields.map((f: { path: string }) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['subject', 'description']));
    expect(missing.json().error.fields[0].message).toMatchObject({ en: expect.any(String), hr: expect.any(String) });

    const noZone = await post(
      highTicket({ incident: { ipOrOrder: '', startedAtLocal: '2026-11-24T14:30', startedAtZone: null, diagnostics: '' } }),
    );
    expect(noZone.statusCode).toBe(400);
    expect(noZone.json().error.fields).toEqual([
      expect.objectContaining({
        path: 'incident.startedAtZone',
        message: { en: 'Say which time zone this time is in.', hr: 'Navedite vremensku zonu za ovo vrijeme.' },
      }),
    ]);

    const other = await createCustomer(ctx.db);
    const notMine = await post(highTicket({ serviceId: other.services[0]!.id }));
    expect(notMine.statusCode).toBe(400);
    expect(notMine.json().error.code).toBe('service.unknown');
    expect(notMine.json().error.fields[0].path).toBe('serviceId');

    const empty = await post(highTicket(), [{ filename: 'empty.log', content: '' }]);
    expect(empty.json().error.code).toBe('attachment.empty');
    const big = await post(highTicket(), [
      { filename: 'a.png', content: PNG },
      { filename: 'huge.log', content: Buffer.alloc(65 * 1024, 'x') },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'attachment.too_large', fields: [expect.objectContaining({ path: 'attachments' })] });

    const future = await post(
      highTicket({ incident: { ipOrOrder: '', startedAtLocal: '2099-01-01T10:00', startedAtZone: 'Europe/Zagreb', diagnostics: '' } }),
    );
    expect(future.json().error.fields[0].path).toBe('incident.startedAtLocal');

    const after = await ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const filesAfter = await ctx.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(filesAfter.n).toBe(filesBefore.n);
  });

  it("does not tell the customer who is assigned, in the ticket, the list or the close answer (assignments are the agents' business)", async () => {
    const t = (await postForm(ctx.app, '/api/client/tickets', c, highTicket())).json();
    const staff = await ctx.db.selectFrom('users').select('id').where('kind', '=', 'staff').executeTakeFirstOrThrow();
    const assigned = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agent/tickets/${t.reference}`,
      headers: agent.headers,
      payload: { assigneeId: staff.id },
    });
    expect(assigned.json().assigneeName).toBeTruthy();
    const detail = (await ctx.app.inject({ url: `/api/client/tickets/${t.reference}`, headers: c.headers })).json();
    const listed = (await ctx.app.inject({ url: '/api/client/tickets', headers: c.headers }))
      .json()
      .tickets.find((x: { reference: string }) => x.reference === t.reference);
    const closed = (await ctx.app.inject({ method: 'POST', url: `/api/client/tickets/${t.reference}/close`, headers: c.headers })).json();
    for (const seen of [detail, listed, closed]) expect(seen).toMatchObject({ assigneeId: null, assigneeName: null });
  });

  it('keeps customers out of other accounts’ tickets, replies and attachments, and internal notes', async () => {
    const t = (
      await postForm(ctx.app, '/api/client/tickets', c, highTicket(), [
        { filename: 'trace.txt', content: 'traceroute to 203.0.113.50\n 1 * * *\n' },
      ])
    ).json();
    await postForm(
      ctx.app,
      `/api/agent/tickets/${t.reference}/replies`,
      agent,
      { body: 'Internal: customer is on the old kernel', internal: true },
      [{ filename: 'secret.png', content: PNG }],
    );

    const mallory = await createCustomer(ctx.db);
    const m = await login(ctx.app, mallory.email);
    expect((await ctx.app.inject({ url: `/api/client/tickets/${t.reference}`, headers: m.headers })).statusCode).toBe(404);
    expect((await postForm(ctx.app, `/api/client/tickets/${t.reference}/replies`, m, { body: 'hijack' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/client/tickets/${t.reference}/close`, headers: m.headers })).statusCode).toBe(
      404,
    );
    expect((await ctx.app.inject({ url: t.messages[0].attachments[0].url, headers: m.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/client/tickets', headers: m.headers })).json().tickets).toEqual([]);

    const own = (await ctx.app.inject({ url: `/api/client/tickets/${t.reference}`, headers: c.headers })).json();
    expect(JSON.stringify(own)).not.toContain('old kernel');
    const staffView = (await ctx.app.inject({ url: `/api/agent/tickets/${t.reference}`, headers: agent.headers })).json();
    const noteFile = staffView.messages.find((x: { internal: boolean }) => x.internal).attachments[0];
    const asCustomer = await ctx.app.inject({ url: noteFile.url.replace('/api/agent/', '/api/client/'), headers: c.headers });
    expect(asCustomer.statusCode).toBe(404);
  });

  it('finds the customer’s own ticket by its reference typed in lower case, and still no other account’s (issue 3 / R8, review)', async () => {
    const { reference } = (await postForm(ctx.app, '/api/client/tickets', c, highTicket())).json();
    const typed = reference.toLowerCase();

    const own = await ctx.app.inject({ url: `/api/client/tickets/${typed}`, headers: c.headers });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().reference).toBe(reference);
    const replied = await postForm(ctx.app, `/api/client/tickets/${typed}/replies`, c, { body: 'Still down.' });
    expect(replied.statusCode, replied.body).toBe(201);

    const m = await login(ctx.app, (await createCustomer(ctx.db)).email);
    expect((await ctx.app.inject({ url: `/api/client/tickets/${typed}`, headers: m.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/client/tickets/${typed}/close`, headers: m.headers })).statusCode).toBe(404);
    const closed = await ctx.app.inject({ method: 'POST', url: `/api/client/tickets/${typed}/close`, headers: c.headers });
    expect(closed.json().status).toBe('closed');
  });

  it('serves attachments as downloads that cannot run as HTML', async () => {
    const html = '<html><script>alert(document.cookie)</script></html>';
    const t = (
      await postForm(ctx.app, '/api/client/tickets', c, highTicket(), [
        { filename: 'evil.html', content: html, type: 'text/html' },
        { filename: 'shot.png', content: PNG },
      ])
    ).json();
    const [evil, shot] = t.messages[0].attachments;
    for (const url of [evil.url, `${evil.url}?inline=1`]) {
      const res = await ctx.app.inject({ url, headers: c.headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="evil.html"/);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain('sandbox');
      expect(res.body).toBe(html);
    }
    const preview = await ctx.app.inject({ url: `${shot.url}?inline=1`, headers: c.headers });
    expect(preview.headers['content-type']).toBe('image/png');
    expect(preview.headers['content-disposition']).toMatch(/^inline/);
  });

  it('shows a file name that hides its real type with a right-to-left override as it is', async () => {
    const t = (
      await postForm(ctx.app, '/api/client/tickets', c, highTicket(), [
        { filename: 'invoice\u202Efdp.exe', content: 'MZ', type: 'application/pdf' },
      ])
    ).json();
    const [file] = t.messages[0].attachments;
    expect(file.filename).toBe('invoice_fdp.exe');
    const res = await ctx.app.inject({ url: file.url, headers: c.headers });
    expect(res.headers['content-disposition']).toBe(`attachment; filename="invoice_fdp.exe"; filename*=UTF-8''invoice_fdp.exe`);
  });

  it('tracks the lifecycle: answer stops the clock, customer reply reopens, history is complete (R8)', async () => {
    const t = (await postForm(ctx.app, '/api/client/tickets', c, highTicket({ priority: 'regular', subject: 'Invoice question' }))).json();
    const a = await postForm(ctx.app, `/api/agent/tickets/${t.reference}/replies`, agent, { body: 'We are on it.' });
    expect(a.statusCode).toBe(201);
    let view = (await ctx.app.inject({ url: `/api/agent/tickets/${t.reference}`, headers: agent.headers })).json();
    expect(view).toMatchObject({ status: 'awaiting_customer', dueAt: null, firstResponseAt: expect.any(String) });
    const replyMail = await ctx.db
      .selectFrom('outbox_emails')
      .selectAll()
      .where('kind', '=', 'ticket_reply')
      .where('subject', 'like', `[${t.reference}]%`)
      .executeTakeFirstOrThrow();
    expect(replyMail.text_body).toContain('We are on it.');

    // The customer answers: the ticket is the agents' again, and the history says who moved it.
    await postForm(ctx.app, `/api/client/tickets/${t.reference}/replies`, c, { body: 'Here is the invoice number: 2026-114.' });
    view = (await ctx.app.inject({ url: `/api/agent/tickets/${t.reference}`, headers: agent.headers })).json();
    expect(view.status).toBe('awaiting_agent');
    expect(view.events.at(-1)).toMatchObject({ kind: 'status', data: { from: 'awaiting_customer', to: 'awaiting_agent' } });
    expect(view.events.at(-1).actorName).toBe(view.messages.at(-1).authorName);

    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agent/tickets/${t.reference}`,
      headers: agent.headers,
      payload: { status: 'resolved' },
    });
    await postForm(ctx.app, `/api/client/tickets/${t.reference}/replies`, c, { body: 'It broke again.' });
    view = (await ctx.app.inject({ url: `/api/agent/tickets/${t.reference}`, headers: agent.headers })).json();
    expect(view.status).toBe('awaiting_agent');
    expect(view.dueAt).not.toBeNull(); // the next-response clock runs
    expect(view.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'replied', 'status', 'status', 'status', 'reopened']);
    expect(view.events[1].actorName).toBeTruthy();
  });
});

describe('the agent queue and search (issue 3)', () => {
  const ctx = useTestApp();

  it('sorts High first, then by due time, filters, and finds by reference, IP, order number and words without diacritics', async () => {
    const customer = await createCustomer(ctx.db, { services: [{ name: 'mail-server', ips: ['198.51.100.9'] }] });
    const c = await login(ctx.app, customer.email);
    const a = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const technical = await departmentId(ctx.db, 'technical');
    const file = async (subject: string, priority: 'regular' | 'high', description: string) => {
      return (await postForm(ctx.app, '/api/client/tickets', c, { departmentId: technical, priority, subject, description })).json();
    };
    const r1 = await file('Regular one', 'regular', 'Slow website since the morning.');
    const h1 = await file('High one', 'high', 'Poslužitelj ne odgovara na 198.51.100.9.');
    const r2 = await file('Regular two', 'regular', 'Question about narudžba 123456 please.');

    const queue = (await ctx.app.inject({ url: '/api/agent/tickets', headers: a.headers })).json();
    expect(queue.tickets.map((t: { reference: string }) => t.reference)).toEqual([h1.reference, r1.reference, r2.reference]);
    const high = (await ctx.app.inject({ url: '/api/agent/tickets?priority=high', headers: a.headers })).json();
    expect(high.tickets).toHaveLength(1);

    const page1 = (await ctx.app.inject({ url: '/api/agent/tickets?limit=2', headers: a.headers })).json();
    const page2 = (await ctx.app.inject({ url: `/api/agent/tickets?limit=2&cursor=${page1.nextCursor}`, headers: a.headers })).json();
    expect([...page1.tickets, ...page2.tickets].map((t: { reference: string }) => t.reference)).toEqual([
      h1.reference,
      r1.reference,
      r2.reference,
    ]);
    expect(page2.nextCursor).toBeNull();

    const search = async (q: string) =>
      (await ctx.app.inject({ url: `/api/agent/tickets?q=${encodeURIComponent(q)}`, headers: a.headers }))
        .json()
        .tickets.map((t: { reference: string }) => t.reference);
    expect(await search(r2.reference.toLowerCase())).toEqual([r2.reference]);
    expect(await search('198.51.100.9')).toEqual([h1.reference]);
    expect(await search('#123456')).toEqual([r2.reference]);
    expect(await search('posluzitelj')).toEqual([h1.reference]);
    expect(await search('website')).toEqual([r1.reference]);
    expect(await search(customer.email)).toHaveLength(3);
  });
});

describe('ticket forms answer in words the customer can act on (review of issue 3)', () => {
  // The default attachment size limit, as the client area shows it; one file per form so the count limit is reached easily.
  const ctx = useTestApp({ ATTACHMENT_MAX_FILES: '1' });
  let c: LoggedIn;
  let technical: string;
  beforeAll(async () => {
    await ctx.db
      .updateTable('sla_policies')
      .set({ first_response_seconds: 20 })
      .where('channel', '=', 'ticket')
      .where('priority', '=', 'regular')
      .execute();
    c = await login(ctx.app, (await createCustomer(ctx.db)).email);
    technical = await departmentId(ctx.db, 'technical');
  });
  const ticket = () => ({
    departmentId: technical,
    priority: 'regular',
    subject: 'Slow disk',
    description: 'The disk is slow since this morning.',
  });
  const post = (files: Parameters<typeof ticketForm>[1] = []) => postForm(ctx.app, '/api/client/tickets', c, ticket(), files);

  it('a JSON body to the ticket form answers 415 naming multipart/form-data, the format the route takes', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/client/tickets',
      headers: c.headers,
      payload: ticket(),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({
      code: 'request.unsupported_media_type',
      message: { en: 'Send the request body as multipart/form-data.', hr: 'Pošaljite tijelo zahtjeva kao multipart/form-data.' },
    });
  });

  it('a body of a format no parser takes (text/plain) is refused naming multipart/form-data too', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/client/tickets',
      headers: { ...c.headers, 'content-type': 'text/plain' },
      payload: 'my server is down',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message.en).toBe('Send the request body as multipart/form-data.');
  });

  it('names an oversized attachment, with the limit in the unit the client area shows (10 MB)', async () => {
    const res = await post([{ filename: 'huge.log', content: Buffer.alloc(10 * 1024 * 1024 + 1, 'x') }]);
    expect(res.statusCode).toBe(413);
    const message = { en: 'huge.log is larger than 10 MB.', hr: 'Datoteka huge.log je veća od 10 MB.' };
    expect(res.json().error).toMatchObject({ code: 'attachment.too_large', message, fields: [{ path: 'attachments', message }] });
  });

  it('counts the files allowed in the right plural form', async () => {
    const res = await post([
      { filename: 'a.log', content: 'a' },
      { filename: 'b.log', content: 'b' },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'attachment.too_many',
      message: { en: 'Attach at most 1 file.', hr: 'Priložite najviše 1 datoteku.' },
    });
  });

  it('promises a first answer in seconds when the target is under a minute', async () => {
    const res = await post();
    expect(res.statusCode, res.body).toBe(201);
    const mail = await ctx.db
      .selectFrom('outbox_emails')
      .select('text_body')
      .where('kind', '=', 'ticket_acknowledged')
      .where('subject', 'like', `[${res.json().reference}]%`)
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('Prvi odgovor možete očekivati u roku od 20 sekundi.');
  });
});

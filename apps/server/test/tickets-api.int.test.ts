import type { ApiScope, TicketDetail, TicketList } from '@centrala/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, type LiveEvent, type Subscription } from '../src/events/index.js';
import { apiTokens } from '../src/modules/auth/index.js';
import { createCustomer, createStaff, eventually, login, PNG, useTestApp, type LoggedIn } from './helpers.js';

/**
 * The tickets API (issue 13 point 5; docs/api.md) route by route, as a monitoring system and a helpdesk script use it:
 * a ticket opened through the one intake pipeline on the `api` channel, listed and read, answered, noted and changed
 * through the console's commands. Scopes per route: api-scopes.int.test.ts.
 */
describe('tickets API (issue 13 point 5)', () => {
  const ctx = useTestApp();
  const heard: LiveEvent[] = [];
  let bus: Subscription;
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let other: Awaited<ReturnType<typeof createCustomer>>;
  let agent: Awaited<ReturnType<typeof createStaff>>;
  let agentSession: LoggedIn;
  let client: LoggedIn;
  const bearer: Partial<Record<'monitoring' | 'helpdesk' | 'reader', Record<string, string>>> = {};
  const TOKEN_NAME = 'Zabbix monitoring';

  beforeAll(async () => {
    bus = await subscribe(ctx.databaseUrl, { onEvent: (e) => void heard.push(e), onReconnect: () => undefined, onError: () => undefined });
    customer = await createCustomer(ctx.db, { services: [{ name: 'web01.example.hr', ips: ['203.0.113.10'] }] });
    other = await createCustomer(ctx.db);
    // The billing system's ids (the directory's provisioning sets them; here by hand).
    await ctx.db
      .updateTable('accounts')
      .set({ external_id: `whmcs-${customer.accountId}` })
      .where('id', '=', customer.accountId)
      .execute();
    await ctx.db
      .updateTable('users')
      .set({ external_id: `contact-${customer.userId}` })
      .where('id', '=', customer.userId)
      .execute();
    agent = await createStaff(ctx.db, 'agent');
    agentSession = await login(ctx.app, agent.email);
    client = await login(ctx.app, customer.email);
    const admin = await createStaff(ctx.db, 'admin');
    const token = async (name: string, scopes: ApiScope[]) => {
      const { secret } = await apiTokens(ctx.db).create({ name, scopes, createdBy: admin.userId });
      return { authorization: `Bearer ${secret}` };
    };
    bearer.monitoring = await token(TOKEN_NAME, ['tickets:write']);
    bearer.helpdesk = await token('Helpdesk script', ['tickets:read', 'tickets:write']);
    bearer.reader = await token('Reporting', ['tickets:read']);
    // The api channel's own High target (installed as 10 minutes, as the form's), before any policy is read.
    await ctx.db
      .updateTable('sla_policies')
      .set({ first_response_seconds: 1200 })
      .where('channel', '=', 'api')
      .where('priority', '=', 'high')
      .execute();
  });
  afterAll(() => bus?.stop());

  const alert = (extra: Record<string, unknown> = {}) => ({
    accountExternalId: `whmcs-${customer.accountId}`,
    serviceOrderNumber: `#${customer.services[0]!.order_number}`,
    priority: 'high',
    subject: 'web01.example.hr: HTTP check CRITICAL',
    body: 'Zabbix: HTTP check on 203.0.113.10 failed 3 times since 14:02.\ncurl: (28) Connection timed out after 10001 milliseconds',
    ...extra,
  });
  const open = (payload: unknown, headers: Record<string, string> = bearer.monitoring!) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/tickets', headers, payload: payload as object });
  const opened = async (payload: unknown = alert()) => {
    const res = await open(payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; reference: string; channel: string; priority: string; promisedFirstResponse: { en: string } | null }>();
  };
  const read = async (reference: string) => {
    const res = await ctx.app.inject({ url: `/api/v1/tickets/${reference}`, headers: bearer.helpdesk });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TicketDetail>();
  };
  const message = (kind: 'replies' | 'notes', reference: string, headers: Record<string, string>, body: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${reference}/${kind}`, headers, payload: { body } });
  const mails = (kind: string, reference: string) =>
    ctx.db
      .selectFrom('outbox_emails')
      .select(['to_address', 'subject', 'text_body'])
      .where('kind', '=', kind)
      .where('subject', 'like', `[${reference}]%`)
      .execute();
  const fieldsOf = (body: string) => (JSON.parse(body) as { error: { code: string; fields?: { path: string }[] } }).error;

  it("opens a High ticket for the account's service through intake: in the queue on the api channel, acknowledged", async () => {
    const created = await opened();
    expect(created).toMatchObject({
      channel: 'api',
      priority: 'high',
      status: 'open',
      accountId: customer.accountId,
      serviceName: 'web01.example.hr',
    });
    // The api channel's policy is what the customer was promised and what the clock runs on.
    expect(created.promisedFirstResponse?.en).toBe('within 20 minutes');

    const queue = await ctx.app.inject({ url: '/api/agent/tickets?priority=high', headers: agentSession.headers });
    const listed = queue.json<TicketList>().tickets.find((t) => t.reference === created.reference);
    expect(listed).toMatchObject({ channel: 'api', trust: 'api', priority: 'high', serviceName: 'web01.example.hr' });
    // R5 details found in the text, as for the form.
    const detail = await read(created.reference);
    expect(detail.incident.ipAddresses).toEqual(['203.0.113.10']);
    // No contact named: the first message and the history name the token that sent it.
    expect(detail.messages[0]).toMatchObject({ authorType: 'customer', authorName: TOKEN_NAME, trust: 'api' });
    expect(detail.events[0]).toMatchObject({ kind: 'created', actorName: TOKEN_NAME });
    expect(Date.parse(detail.dueAt!) - Date.parse(detail.createdAt)).toBe(1200 * 1000);

    // The raw input was stored by the statement that wrote the ticket, naming the token that sent it.
    const inbound = await ctx.db
      .selectFrom('inbound')
      .select(['channel', 'payload'])
      .where('ticket_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(inbound.channel).toBe('api');
    expect((inbound.payload as { token: { name: string } }).token.name).toBe(TOKEN_NAME);
    expect(await mails('ticket_acknowledged', created.reference)).toEqual([
      expect.objectContaining({ to_address: customer.email, subject: `[${created.reference}] web01.example.hr: HTTP check CRITICAL` }),
    ]);
    await eventually(() => heard.find((e) => e.type === 'ticket.created' && e.ticketId === created.id));
  });

  it('names the requester by contact email or external id, and acknowledges nobody when asked not to', async () => {
    const byEmail = await opened(alert({ contactEmail: customer.email.toUpperCase(), acknowledge: false }));
    expect((await read(byEmail.reference)).messages[0]!.authorName).toMatch(/^Client /);
    expect(await mails('ticket_acknowledged', byEmail.reference)).toEqual([]);
    const byExternalId = await opened(
      alert({ contactExternalId: `contact-${customer.userId}`, accountExternalId: undefined, accountId: customer.accountId }),
    );
    expect((await read(byExternalId.reference)).accountId).toBe(customer.accountId);
  });

  it('is idempotent under an Idempotency-Key: the retry answers the first ticket; the key on another request is refused', async () => {
    const headers = { ...bearer.monitoring!, 'idempotency-key': `alert-${Date.now()}` };
    const first = await open(alert({ subject: 'Retried alert' }), headers);
    const retry = await open(alert({ subject: 'Retried alert' }), headers);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json<{ reference: string }>().reference).toBe(first.json<{ reference: string }>().reference);
    const count = await ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('subject', '=', 'Retried alert')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const reused = await open(alert({ subject: 'Another alert' }), headers);
    expect(reused.statusCode).toBe(422);
    expect(fieldsOf(reused.body).code).toBe('request.idempotency_key_reused');
  });

  it("refuses someone else's service and contact, an unknown account and department, and bad bodies, by field", async () => {
    const foreignService = await open(alert({ serviceOrderNumber: undefined, serviceId: other.services[0]!.id }));
    expect(foreignService.statusCode).toBe(400);
    expect(fieldsOf(foreignService.body)).toMatchObject({ code: 'service.unknown', fields: [{ path: 'serviceId' }] });

    const foreignContact = await open(alert({ contactEmail: other.email }));
    expect(foreignContact.statusCode).toBe(400);
    expect(fieldsOf(foreignContact.body)).toMatchObject({ code: 'contact.unknown', fields: [{ path: 'contactEmail' }] });

    const unknownAccount = await open(alert({ accountExternalId: 'whmcs-nobody' }));
    expect(unknownAccount.statusCode).toBe(404);
    expect(fieldsOf(unknownAccount.body)).toMatchObject({ code: 'account.not_found', fields: [{ path: 'accountExternalId' }] });

    const unknownDepartment = await open(alert({ department: 'sales' }));
    expect(unknownDepartment.statusCode).toBe(400);
    expect(fieldsOf(unknownDepartment.body)).toMatchObject({ code: 'department.unknown', fields: [{ path: 'department' }] });

    for (const [body, path] of [
      [alert({ subject: undefined }), 'subject'],
      [alert({ priority: 'urgent' }), 'priority'],
      [alert({ accountId: customer.accountId }), 'accountExternalId'],
      [alert({ accountExternalId: undefined }), 'accountId'],
      [alert({ files: [{ filename: 'x.txt', contentBase64: 'not base64!' }] }), 'files.0.contentBase64'],
    ] as const) {
      const res = await open(body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(fieldsOf(res.body).fields?.map((f) => f.path)).toContain(path);
    }
    expect(await ctx.db.selectFrom('tickets').select('id').where('account_id', '=', other.accountId).execute()).toEqual([]);
  });

  it('takes base64 files as the form does: stored, listed with a token URL, downloadable; a file too large refused by name', async () => {
    const created = await opened(alert({ files: [{ filename: 'graph.png', contentBase64: PNG.toString('base64') }] }));
    const [file] = (await read(created.reference)).messages[0]!.attachments;
    expect(file).toMatchObject({
      filename: 'graph.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      url: `/api/v1/attachments/${file!.id}`,
    });
    const download = await ctx.app.inject({ url: file!.url, headers: bearer.reader });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);

    const big = Buffer.alloc(ctx.config.ATTACHMENT_MAX_BYTES + 1, 1).toString('base64');
    const tooLarge = await open(alert({ files: [{ filename: 'dump.bin', contentBase64: big }] }));
    expect(tooLarge.statusCode).toBe(413);
    expect(fieldsOf(tooLarge.body)).toMatchObject({ code: 'attachment.too_large', fields: [{ path: 'files.0' }] });
  });

  it("replies as the token: mailed to the customer like an agent's, the first response, shown by the token's name", async () => {
    const created = await opened();
    const res = await message('replies', created.reference, bearer.helpdesk!, 'We restarted the web server; it answers again.');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ticketReference: created.reference, internal: false });
    expect(await mails('ticket_reply', created.reference)).toEqual([
      expect.objectContaining({ to_address: customer.email, subject: `[${created.reference}] Re: web01.example.hr: HTTP check CRITICAL` }),
    ]);
    const detail = await read(created.reference);
    expect(detail).toMatchObject({ status: 'awaiting_customer', firstResponseAt: expect.any(String), dueAt: null });
    expect(detail.messages.at(-1)).toMatchObject({ authorType: 'agent', authorName: 'Helpdesk script', trust: 'staff', internal: false });
    expect(detail.events.find((e) => e.kind === 'replied')?.actorName).toBe('Helpdesk script');
    // The customer sees it in the client area, by the same name.
    const seen = await ctx.app.inject({ url: `/api/client/tickets/${created.reference}`, headers: client.headers });
    expect(seen.json<TicketDetail>().messages.at(-1)).toMatchObject({
      authorName: 'Helpdesk script',
      body: 'We restarted the web server; it answers again.',
    });
    await eventually(() => heard.find((e) => e.type === 'ticket.replied' && e.ticketId === created.id && !e.internal));
  });

  it('notes are internal: not mailed, invisible to the customer, read by the API flagged internal', async () => {
    const created = await opened(alert({ acknowledge: false }));
    const res = await message('notes', created.reference, bearer.monitoring!, 'Zabbix: recovered at 14:20 after 3 failures.');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ internal: true });
    expect(await ctx.db.selectFrom('outbox_emails').select('id').where('ticket_id', '=', created.id).execute()).toEqual([]);
    const customerView = await ctx.app.inject({ url: `/api/client/tickets/${created.reference}`, headers: client.headers });
    expect(customerView.json<TicketDetail>().messages.map((m) => m.body)).not.toContain('Zabbix: recovered at 14:20 after 3 failures.');
    const detail = await read(created.reference);
    expect(detail.messages.at(-1)).toMatchObject({ internal: true, authorName: TOKEN_NAME });
    // A note is no answer: the ticket still waits for an agent, its clock running.
    expect(detail).toMatchObject({ status: 'open', firstResponseAt: null, dueAt: expect.any(String) });
  });

  it('changes status, priority, department and assignee (by email) as the console does: history by the token, events, SLA', async () => {
    const created = await opened(alert({ priority: 'regular' }));
    const before = await read(created.reference);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${created.reference}`,
      headers: bearer.helpdesk,
      payload: { status: 'awaiting_customer', priority: 'high', department: 'financial', assignee: agent.email.toUpperCase() },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      reference: created.reference,
      status: 'awaiting_customer',
      priority: 'high',
      assigneeId: agent.userId,
    });
    const after = await read(created.reference);
    expect(after.departmentId).not.toBe(before.departmentId);
    // Awaiting the customer: the clock is paused.
    expect(after.dueAt).toBeNull();
    const changes = after.events.filter((e) => ['status', 'priority', 'department', 'assignee'].includes(e.kind));
    expect(changes.map((e) => [e.kind, e.actorName]).sort()).toEqual(
      [
        ['assignee', 'Helpdesk script'],
        ['department', 'Helpdesk script'],
        ['priority', 'Helpdesk script'],
        ['status', 'Helpdesk script'],
      ].sort(),
    );
    await eventually(() => heard.find((e) => e.type === 'ticket.changed' && e.ticketId === created.id));

    const unassign = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${created.reference}`,
      headers: bearer.helpdesk,
      payload: { assignee: null },
    });
    expect(unassign.json()).toMatchObject({ assigneeId: null });
    const nobody = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${created.reference}`,
      headers: bearer.helpdesk,
      payload: { assignee: customer.email },
    });
    expect(nobody.statusCode).toBe(400);
    expect(fieldsOf(nobody.body)).toMatchObject({ code: 'assignee.unknown', fields: [{ path: 'assignee' }] });
    const empty = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${created.reference}`,
      headers: bearer.helpdesk,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
  });

  it('a write-only token reads nothing; an unknown reference is 404 ticket.not_found', async () => {
    const created = await opened();
    const denied = await ctx.app.inject({ url: `/api/v1/tickets/${created.reference}`, headers: bearer.monitoring });
    expect(denied.statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/api/v1/tickets', headers: bearer.monitoring })).statusCode).toBe(403);
    const missing = await ctx.app.inject({ url: '/api/v1/tickets/T-AAAA-AAAA', headers: bearer.reader });
    expect(missing.statusCode).toBe(404);
    expect(fieldsOf(missing.body).code).toBe('ticket.not_found');
  });

  it('lists with filters, newest change first, cursor-paged without repeats or gaps', async () => {
    const mine = [
      await opened(alert({ subject: 'Paged one' })),
      await opened(alert({ subject: 'Paged two' })),
      await opened(alert({ subject: 'Paged three' })),
    ];
    const list = async (query: string) => {
      const res = await ctx.app.inject({ url: `/api/v1/tickets?${query}`, headers: bearer.reader });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<TicketList>();
    };
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TicketList = await list(
        `accountExternalId=whmcs-${customer.accountId}&channel=api&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.tickets.length).toBeLessThanOrEqual(2);
      pages.push(...page.tickets.map((t) => t.reference));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await ctx.db
      .selectFrom('tickets')
      .select(['reference', 'updated_at', 'id'])
      .where('account_id', '=', customer.accountId)
      .where('channel', '=', 'api')
      .execute();
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages.sort()).toEqual(all.map((t) => t.reference).sort());
    // The newest first: the last one opened leads.
    expect((await list(`accountId=${customer.accountId}&limit=1`)).tickets[0]!.reference).toBe(mine[2]!.reference);

    expect((await list(`q=${mine[0]!.reference}`)).tickets.map((t) => t.reference)).toEqual([mine[0]!.reference]);
    expect((await list(`accountId=${other.accountId}`)).tickets).toEqual([]);
    expect((await list('accountExternalId=whmcs-nobody')).tickets).toEqual([]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await list(`updatedSince=${future}`)).tickets).toEqual([]);
    const high = await list(`priority=high&status=open&department=technical&assignee=none&accountId=${customer.accountId}&limit=100`);
    expect(high.tickets.length).toBeGreaterThan(0);
    expect(high.tickets.every((t) => t.priority === 'high' && t.status === 'open' && t.assigneeId === null)).toBe(true);

    const bad = await ctx.app.inject({ url: '/api/v1/tickets?cursor=bm90LWEtY3Vyc29y', headers: bearer.reader });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.body)).toMatchObject({ code: 'request.invalid', fields: [{ path: 'cursor' }] });
  });
});

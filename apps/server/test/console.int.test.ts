import { beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn } from './helpers.js';
import { noDns } from './mail-in.js';

/**
 * The console side of issue 13 point 5, over real HTTP on a real PostgreSQL: an agent opens a ticket for a customer
 * who called, sees the customer's other tickets, and merges a duplicate into another ticket (history and messages
 * kept, the customer told once, a mail to the duplicate's thread landing in the target).
 */
const ctx = useTestApp();

describe('the console: phone tickets, the customer’s other tickets, merging duplicates (issue 13 point 5)', () => {
  let agent: LoggedIn;
  let agentName: string;
  let agentEmail: string;
  let technical: string;
  let modules: Modules;

  beforeAll(async () => {
    const staff = await createStaff(ctx.db, 'agent');
    agentEmail = staff.email;
    agent = await login(ctx.app, staff.email);
    agentName = (await ctx.db.selectFrom('users').select('name').where('id', '=', staff.userId).executeTakeFirstOrThrow()).name;
    technical = await departmentId(ctx.db, 'technical');
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({ address: 'support@centrala.test', departmentId: technical, purpose: 'support' });
  });

  const phone = (payload: Record<string, unknown>, session = agent) =>
    postForm(ctx.app, '/api/agent/tickets', session, {
      via: 'phone',
      departmentId: technical,
      priority: 'high',
      subject: 'Web server down',
      body: 'The customer says the site answers 502 since 09:40.',
      ...payload,
    });
  const ticketOf = (reference: string) =>
    ctx.db.selectFrom('tickets').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const mailsOf = (ticketId: string, kind: string) =>
    ctx.db.selectFrom('outbox_emails').selectAll().where('ticket_id', '=', ticketId).where('kind', '=', kind).execute();
  /** The ticket the one message whose body is like `body` is on. */
  const ticketOfMessage = async (body: string) =>
    (await ctx.db.selectFrom('ticket_messages').select('ticket_id').where('body', 'like', body).executeTakeFirstOrThrow()).ticket_id;
  const agentGet = (url: string) => ctx.app.inject({ method: 'GET', url, headers: agent.headers });
  const clientFile = (customer: LoggedIn, subject: string, description = 'The mail server rejects every message.') =>
    postForm(ctx.app, '/api/client/tickets', customer, { departmentId: technical, priority: 'regular', subject, description });
  const merge = (duplicate: string, into: string, session = agent) =>
    ctx.app.inject({ method: 'POST', url: `/api/agent/tickets/${duplicate}/merge`, headers: session.headers, payload: { into } });

  it('opens a phone ticket as the customer’s own: the contact who called is the requester, acknowledged by mail, the history names the agent', async () => {
    const customer = await createCustomer(ctx.db);
    // A second person of the account: the one who called.
    const caller = await ctx.db
      .insertInto('users')
      .values({
        kind: 'client',
        account_id: customer.accountId,
        role: null,
        email: `tech-${customer.accountId.slice(0, 8)}@example.com`,
        name: 'Iva Tehnička',
        password_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const res = await phone({ accountId: customer.accountId, contactId: caller.id, serviceId: customer.services[0]!.id });
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json<{ reference: string }>();
    const ticket = await ticketOf(reference);
    // R7: a phone ticket is owed the ticket channel's promise; the clock runs.
    expect(ticket).toMatchObject({
      account_id: customer.accountId,
      requester_id: caller.id,
      channel: 'ticket',
      trust: 'staff',
      status: 'open',
      priority: 'high',
      service_id: customer.services[0]!.id,
    });
    expect(ticket.due_at).not.toBeNull();

    const detail = (await agentGet(`/api/agent/tickets/${reference}`)).json<{
      messages: { authorType: string; authorName: string; body: string }[];
      events: { kind: string; actorName: string | null; data: Record<string, unknown> }[];
    }>();
    expect(detail.messages).toEqual([
      expect.objectContaining({
        authorType: 'customer',
        authorName: 'Iva Tehnička',
        body: 'The customer says the site answers 502 since 09:40.',
      }),
    ]);
    expect(detail.events[0]).toMatchObject({ kind: 'created', actorName: agentName, data: { channel: 'ticket', via: 'phone' } });

    // Acknowledged like a form ticket (R14: the account's addresses; not the cautious, unverified wording).
    const [ack, ...more] = await mailsOf(ticket.id, 'ticket_acknowledged');
    expect(more).toHaveLength(0);
    expect(ack!.to_address).toBe(customer.email);
    expect(ack!.text_body).toContain(reference);
    expect(ack!.text_body).not.toMatch(/could not verify|nismo mogli potvrditi/i);

    // The client area shows it to the account's people.
    const client = await login(ctx.app, customer.email);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/client/tickets', headers: client.headers });
    expect(list.json<{ tickets: { reference: string }[] }>().tickets.map((t) => t.reference)).toContain(reference);
  });

  it('a phone ticket sent twice with one Idempotency-Key is one ticket, answered alike', async () => {
    const customer = await createCustomer(ctx.db);
    const keyed = { ...agent, headers: { ...agent.headers, 'idempotency-key': `phone-${customer.accountId}` } };
    const first = await phone({ accountId: customer.accountId, subject: 'Twice sent' }, keyed);
    const again = await phone({ accountId: customer.accountId, subject: 'Twice sent' }, keyed);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json()).toEqual(first.json());
    const rows = await ctx.db.selectFrom('tickets').select('id').where('account_id', '=', customer.accountId).execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a phone ticket without an account, for someone not the account’s contact, and from a customer', async () => {
    const customer = await createCustomer(ctx.db);
    const other = await createCustomer(ctx.db);
    const none = await phone({});
    expect(none.statusCode).toBe(400);
    expect(none.json<{ error: { fields: { path: string }[] } }>().error.fields.map((f) => f.path)).toContain('accountId');
    const stranger = await phone({ accountId: customer.accountId, contactId: other.userId });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json<{ error: { code: string } }>().error.code).toBe('contact.unknown');
    const client = await login(ctx.app, customer.email);
    expect((await phone({ accountId: customer.accountId }, client)).statusCode).toBe(403);
  });

  it('lists the customer’s other tickets, newest first, paged, and never another account’s', async () => {
    const customer = await createCustomer(ctx.db);
    const other = await createCustomer(ctx.db);
    const client = await login(ctx.app, customer.email);
    const references: string[] = [];
    for (const subject of ['First', 'Second', 'Third', 'Fourth'])
      references.push((await clientFile(client, subject)).json<{ reference: string }>().reference);
    const stranger = (await clientFile(await login(ctx.app, other.email), 'Not theirs')).json<{ reference: string }>().reference;

    const first = await agentGet(`/api/agent/tickets/${references[0]}/others?limit=2`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ tickets: { reference: string }[]; nextCursor: string | null }>();
    expect(page1.tickets.map((t) => t.reference)).toEqual([references[3], references[2]]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await agentGet(`/api/agent/tickets/${references[0]}/others?limit=2&cursor=${page1.nextCursor}`)).json<{
      tickets: { reference: string }[];
      nextCursor: string | null;
    }>();
    expect(page2.tickets.map((t) => t.reference)).toEqual([references[1]]);
    expect(page2.nextCursor).toBeNull();
    expect([...page1.tickets, ...page2.tickets].map((t) => t.reference)).not.toContain(stranger);
    // A made-up cursor starts from the top; a customer may not ask.
    expect(
      (await agentGet(`/api/agent/tickets/${references[0]}/others?cursor=bm9wZQ`)).json<{ tickets: unknown[] }>().tickets,
    ).toHaveLength(3);
    const asClient = await ctx.app.inject({ method: 'GET', url: `/api/agent/tickets/${references[0]}/others`, headers: client.headers });
    expect(asClient.statusCode).toBe(403);
  });

  it('merges a duplicate: messages move with their times and authors, both histories say so, the customer is told once, an audit row', async () => {
    const customer = await createCustomer(ctx.db);
    const client = await login(ctx.app, customer.email);
    const target = (await clientFile(client, 'Mail is down')).json<{ reference: string; id: string }>();
    const duplicate = (await clientFile(client, 'Mail still down', 'Nothing arrives since the morning.')).json<{
      reference: string;
      id: string;
    }>();
    await postForm(ctx.app, `/api/client/tickets/${duplicate.reference}/replies`, client, { body: 'Any news?' });
    const before = await ctx.db
      .selectFrom('ticket_messages')
      .selectAll()
      .where('ticket_id', '=', duplicate.id)
      .orderBy('created_at')
      .execute();
    const targetBefore = await ticketOf(target.reference);

    const res = await merge(duplicate.reference, target.reference.toLowerCase());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ reference: string }>().reference).toBe(target.reference);

    const moved = await ctx.db
      .selectFrom('ticket_messages')
      .selectAll()
      .where(
        'id',
        'in',
        before.map((m) => m.id),
      )
      .orderBy('created_at')
      .execute();
    expect(moved.map((m) => [m.ticket_id, m.author_id, new Date(m.created_at).getTime(), m.body])).toEqual(
      before.map((m) => [target.id, m.author_id, new Date(m.created_at).getTime(), m.body]),
    );
    const dup = await ticketOf(duplicate.reference);
    expect(dup).toMatchObject({ status: 'closed', merged_into_id: target.id, due_at: null });
    // The target's clocks stand.
    const after = await ticketOf(target.reference);
    expect([after.due_at, after.status, after.sla_state]).toEqual([targetBefore.due_at, targetBefore.status, targetBefore.sla_state]);

    // The customer sees both lines, the duplicate pointing to the target, and the thread in order in the target.
    const dupView = (
      await ctx.app.inject({ method: 'GET', url: `/api/client/tickets/${duplicate.reference}`, headers: client.headers })
    ).json<{
      mergedInto: string | null;
      messages: unknown[];
      events: { kind: string; data: Record<string, unknown> }[];
    }>();
    expect(dupView.mergedInto).toBe(target.reference);
    expect(dupView.messages).toHaveLength(0);
    expect(dupView.events.find((e) => e.kind === 'merged')?.data).toMatchObject({ into: target.reference });
    const targetView = (
      await ctx.app.inject({ method: 'GET', url: `/api/client/tickets/${target.reference}`, headers: client.headers })
    ).json<{
      mergedInto: string | null;
      messages: { body: string }[];
      events: { kind: string; data: Record<string, unknown> }[];
    }>();
    expect(targetView.mergedInto).toBeNull();
    expect(targetView.messages.map((m) => m.body)).toEqual([
      'The mail server rejects every message.',
      'Nothing arrives since the morning.',
      'Any news?',
    ]);
    expect(targetView.events.find((e) => e.kind === 'merged_in')?.data).toMatchObject({ from: duplicate.reference, messages: 2 });

    const told = await mailsOf(target.id, 'ticket_merged');
    expect(told).toHaveLength(1);
    expect(told[0]!.to_address).toBe(customer.email);
    expect(told[0]!.text_body).toContain(duplicate.reference);
    expect(told[0]!.subject).toContain(target.reference);

    const audit = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'ticket')
      .where('entity_id', '=', duplicate.id)
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ action: 'merge', actor_kind: 'staff', actor_label: agentEmail, account_id: customer.accountId }),
    ]);

    // Once only: merging the merged one again, or into it, is refused; the duplicate cannot be reopened.
    expect((await merge(duplicate.reference, target.reference)).json<{ error: { code: string } }>().error.code).toBe('ticket.merge_merged');
    expect((await merge(target.reference, duplicate.reference)).json<{ error: { code: string } }>().error.code).toBe('ticket.merge_merged');
    const reopen = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agent/tickets/${duplicate.reference}`,
      headers: agent.headers,
      payload: { status: 'open' },
    });
    expect(reopen.statusCode).toBe(409);
    expect(await mailsOf(target.id, 'ticket_merged')).toHaveLength(1);

    // A reply the customer sends on the duplicate's page lands in the target.
    const late = await postForm(ctx.app, `/api/client/tickets/${duplicate.reference}/replies`, client, { body: 'Sent from the old page.' });
    expect(late.statusCode, late.body).toBe(201);
    expect(await ticketOfMessage('Sent from the old page.')).toBe(target.id);
  });

  it('refuses merging into itself, across accounts, into an unknown reference, and by a customer', async () => {
    const a = await createCustomer(ctx.db);
    const b = await createCustomer(ctx.db);
    const clientA = await login(ctx.app, a.email);
    const mine = (await clientFile(clientA, 'Mine')).json<{ reference: string }>().reference;
    const theirs = (await clientFile(await login(ctx.app, b.email), 'Theirs')).json<{ reference: string }>().reference;
    const code = async (res: Awaited<ReturnType<typeof merge>>) => [res.statusCode, res.json<{ error: { code: string } }>().error.code];
    expect(await code(await merge(mine, mine))).toEqual([409, 'ticket.merge_self']);
    expect(await code(await merge(mine, theirs))).toEqual([409, 'ticket.merge_other_customer']);
    expect(await code(await merge(mine, 'T-AAAA-AAAA'))).toEqual([400, 'ticket.merge_target_unknown']);
    expect(await code(await merge(mine, 'x'.repeat(21)))).toEqual([400, 'request.invalid']);
    expect((await merge(mine, theirs, clientA)).statusCode).toBe(403);
    expect((await ticketOf(mine)).merged_into_id).toBeNull();
    expect((await ticketOf(theirs)).merged_into_id).toBeNull();
  });

  it('threads an email reply to the merged duplicate into the target', async () => {
    const customer = await createCustomer(ctx.db);
    const client = await login(ctx.app, customer.email);
    const target = (await clientFile(client, 'Backup failed')).json<{ reference: string; id: string }>();
    const duplicate = (await clientFile(client, 'Backup failed again')).json<{ reference: string; id: string }>();
    expect((await merge(duplicate.reference, target.reference)).statusCode).toBe(200);

    // The customer answers the duplicate's acknowledgement, threaded by its Message-ID.
    const [ack] = await mailsOf(duplicate.id, 'ticket_acknowledged');
    const raw = Buffer.from(
      [
        `From: ${customer.email}`,
        'To: support@centrala.test',
        `Subject: Re: [${duplicate.reference}] Backup failed again`,
        `Message-ID: <late-${duplicate.id}@example.com>`,
        `In-Reply-To: <${ack!.message_id}>`,
        `References: <${ack!.message_id}>`,
        '',
        'It failed tonight too.',
        '',
      ].join('\r\n'),
    );
    await modules.inboundEmail.store.store(raw, {
      kind: 'smtp',
      mailFrom: customer.email,
      rcptTo: ['support@centrala.test'],
      remoteIp: '127.0.0.1',
      helo: 'example.com',
    });
    await modules.inboundEmail.intake.drain();
    expect(await ticketOfMessage('It failed tonight too.%')).toBe(target.id);
    expect((await ticketOf(duplicate.reference)).status).toBe('closed');
  });
});

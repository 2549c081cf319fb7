import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModules } from '../src/modules.js';
import type { IntakePipeline, Submission } from '../src/modules/intake/index.js';
import { createCustomer, createStaff, departmentId, login, ticketForm, useTestApp, type LoggedIn } from './helpers.js';

describe('intake: one channel-neutral pipeline, raw input stored first (issue 11 point 1, R11)', () => {
  const ctx = useTestApp();
  let intake: IntakePipeline;
  let technical: string;
  let agent: LoggedIn;
  let customer: LoggedIn;
  let accountId: string;
  let otherCustomer: LoggedIn;

  beforeAll(async () => {
    // As every process has it: built once by the composition root, with its listeners (the acknowledgement mail).
    intake = buildModules({ config: ctx.config, db: ctx.db }).intake;
    technical = await departmentId(ctx.db, 'technical');
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const c = await createCustomer(ctx.db);
    accountId = c.accountId;
    customer = await login(ctx.app, c.email);
    otherCustomer = await login(ctx.app, (await createCustomer(ctx.db)).email);
  });

  /** An email from an address no account has registered, as the email channel will submit it. */
  const fromStranger = (messageId: string, subject: string): Submission => ({
    channel: 'email',
    trust: 'anonymous',
    requester: { kind: 'contact', email: 'stranger@example.net', accountId: null, userId: null },
    inbound: { sourceId: messageId, payload: { from: 'stranger@example.net', subject, messageId } },
    subject,
    body: 'Do you offer managed PostgreSQL hosting?',
    files: [],
    stated: {
      departmentId: technical,
      priority: 'regular',
      serviceId: null,
      incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
    },
  });
  const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(ctx.db)).rows[0]!.n);

  it('makes one ticket of the same raw input submitted twice, one after the other and at once', async () => {
    const first = await intake.submit(fromStranger('<one@mail.example.net>', 'Managed PostgreSQL?'));
    const again = await intake.submit(fromStranger('<one@mail.example.net>', 'Managed PostgreSQL?'));
    expect(again.id).toBe(first.id);
    expect(again.reference).toBe(first.reference);
    expect(again.detail.messages).toHaveLength(1);

    const together = await Promise.all([1, 2, 3].map(() => intake.submit(fromStranger('<two@mail.example.net>', 'Delivered thrice'))));
    expect(new Set(together.map((c) => c.id)).size).toBe(1);

    expect(await count(sql`select count(*) as n from tickets where subject = ${'Managed PostgreSQL?'}`)).toBe(1);
    expect(await count(sql`select count(*) as n from tickets where subject = ${'Delivered thrice'}`)).toBe(1);
    // One acknowledgement each, to the address it came from.
    expect(
      await count(
        sql`select count(*) as n from outbox_emails where subject like ${`%${first.reference}%`} and to_address = 'stranger@example.net'`,
      ),
    ).toBe(1);
    // ...with no client-area link the stranger could not open.
    const ack = await ctx.db
      .selectFrom('outbox_emails')
      .select('text_body')
      .where('subject', 'like', `%${first.reference}%`)
      .executeTakeFirstOrThrow();
    expect(ack.text_body).not.toContain('/client/tickets/');
    const raw = await ctx.db.selectFrom('inbound').selectAll().where('source_id', '=', '<one@mail.example.net>').execute();
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({ channel: 'email', state: 'processed', ticket_id: first.id, message_id: first.detail.messages[0]!.id });
    expect(raw[0]!.payload).toMatchObject({ from: 'stranger@example.net' });
  });

  it('stores the client-area form as raw input in the statement that writes its ticket', async () => {
    const form = ticketForm({
      departmentId: technical,
      priority: 'regular',
      subject: 'Form stored first',
      description: 'The site answers 502.',
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/client/tickets',
      headers: { ...customer.headers, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(201);
    const raw = await ctx.db.selectFrom('inbound').selectAll().where('ticket_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(raw).toMatchObject({ channel: 'ticket', state: 'processed' });
    expect(raw.payload).toMatchObject({ form: { subject: 'Form stored first' }, files: [] });
  });

  it('files a ticket with no account, shown to agents only, and links it to an account afterwards', async () => {
    const created = await intake.submit(fromStranger('<three@mail.example.net>', 'Question before buying'));
    expect(created.detail.account_id).toBeNull();
    const ref = created.reference;

    const seenByAgent = await ctx.app.inject({ method: 'GET', url: `/api/agent/tickets/${ref}`, headers: agent.headers });
    expect(seenByAgent.statusCode).toBe(200);
    expect(seenByAgent.json()).toMatchObject({ accountId: null, accountName: null, channel: 'email', trust: 'anonymous' });
    // Known only by the address: the agent sees who wrote, and intake's answer says the same as the detail read back.
    expect(seenByAgent.json().messages[0].authorName).toBe('stranger@example.net');
    expect(created.detail.messages[0]!.author_name).toBe('stranger@example.net');
    const queue = await ctx.app.inject({ method: 'GET', url: '/api/agent/tickets?q=Question+before+buying', headers: agent.headers });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().tickets.map((t: { reference: string }) => t.reference)).toContain(ref);
    // No customer sees a ticket no account is linked to.
    for (const someone of [customer, otherCustomer]) {
      expect((await ctx.app.inject({ method: 'GET', url: `/api/client/tickets/${ref}`, headers: someone.headers })).statusCode).toBe(404);
      const mine = await ctx.app.inject({ method: 'GET', url: '/api/client/tickets', headers: someone.headers });
      expect(mine.json().tickets.map((t: { reference: string }) => t.reference)).not.toContain(ref);
    }

    const link = (who: LoggedIn, body: unknown) =>
      ctx.app.inject({ method: 'PUT', url: `/api/agent/tickets/${ref}/account`, headers: who.headers, payload: body as object });
    expect((await link(agent, { accountId: 'not-a-uuid' })).statusCode).toBe(400);
    const unknown = await link(agent, { accountId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('account.unknown');
    expect((await link(customer, { accountId })).statusCode).toBe(403);

    const linked = await link(agent, { accountId });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ reference: ref, accountId });
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/agent/tickets/${ref}`, headers: agent.headers })).json();
    expect(detail.accountName).toMatch(/^Customer /);
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'account']);
    expect(detail.events[1]).toMatchObject({ data: { from: null, to: accountId }, actorName: expect.any(String) });
    // Now that account's customer sees it; no other does.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/client/tickets/${ref}`, headers: customer.headers })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/client/tickets/${ref}`, headers: otherCustomer.headers })).statusCode).toBe(
      404,
    );
    // Linked once: moving it to another account would show this conversation to another customer.
    const other = await createCustomer(ctx.db);
    const moved = await link(agent, { accountId: other.accountId });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error.code).toBe('ticket.account_already_linked');
    expect((await link(agent, { accountId })).statusCode).toBe(200);
  });
});

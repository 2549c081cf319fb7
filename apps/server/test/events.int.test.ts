import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, type DomainEvent, type LiveEvent, type Subscription } from '../src/events/index.js';
import { buildModules, type Modules } from '../src/modules.js';
import { createCustomer, createStaff, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

describe("domain events: emitted in the writing transaction, with their listeners' rows (issue 11 point 2)", () => {
  const ctx = useTestApp();
  const heard: LiveEvent[] = [];
  let bus: Subscription;
  let modules: Modules;
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let client: LoggedIn;
  let agent: LoggedIn;

  beforeAll(async () => {
    bus = await subscribe(ctx.databaseUrl, { onEvent: (e) => void heard.push(e), onReconnect: () => undefined, onError: () => undefined });
    modules = buildModules({ config: ctx.config, db: ctx.db });
    customer = await createCustomer(ctx.db);
    client = await login(ctx.app, customer.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
  });
  afterAll(() => bus?.stop());

  const heardOf = (type: LiveEvent['type'], ticketId: string) =>
    heard.filter((e) => e.type === type && 'ticketId' in e && e.ticketId === ticketId);
  const mails = (kind: string, reference: string) =>
    ctx.db
      .selectFrom('outbox_emails')
      .select(['to_address', 'subject'])
      .where('kind', '=', kind)
      .where('subject', 'like', `[${reference}]%`)
      .execute();

  const file = async (subject: string) => {
    const res = await postForm(ctx.app, '/api/client/tickets', client, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject,
      description: 'The web server answers 502 since the morning.',
      serviceId: customer.services[0]!.id,
      incident: { ipOrOrder: '', startedAtLocal: '2026-11-24T14:30', startedAtZone: 'Europe/Zagreb', diagnostics: '' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; reference: string }>();
  };

  it('a ticket filed emits ticket.created, and the acknowledgement listener writes its mail in the same statement', async () => {
    const t = await file('Events: created');
    await eventually(() => heardOf('ticket.created', t.id)[0]);
    expect(heardOf('ticket.created', t.id)).toEqual([{ type: 'ticket.created', ticketId: t.id }]);
    expect(await mails('ticket_acknowledged', t.reference)).toEqual([
      { to_address: customer.email, subject: `[${t.reference}] Events: created` },
    ]);
  });

  it("an agent's reply emits ticket.replied and its mail; a note emits it as internal, with no mail", async () => {
    const t = await file('Events: replied');
    const url = `/api/agent/tickets/${t.reference}/replies`;
    expect((await postForm(ctx.app, url, agent, { body: 'Restarted the pool.' })).statusCode).toBe(201);
    expect((await postForm(ctx.app, url, agent, { body: 'Internal: it was the disk.', internal: true })).statusCode).toBe(201);
    await eventually(() => (heardOf('ticket.replied', t.id).length === 2 ? true : undefined));
    expect(heardOf('ticket.replied', t.id)).toEqual([
      { type: 'ticket.replied', ticketId: t.id, internal: false },
      { type: 'ticket.replied', ticketId: t.id, internal: true },
    ]);
    expect(await mails('ticket_reply', t.reference)).toEqual([
      { to_address: customer.email, subject: `[${t.reference}] Re: Events: replied` },
    ]);
  });

  it('a transaction that rolls back leaves no listener row and sends no event', async () => {
    const t = await file('Events: rolled back');
    // Its own created event heard first, so that what is heard from here on is only what this test sends.
    await eventually(() => heardOf('ticket.created', t.id)[0]);
    const reference = 'T-ROLL-BACK';
    const events: DomainEvent[] = [
      {
        type: 'ticket.created',
        ticketId: t.id,
        reference,
        subject: 'Never filed',
        promise: { en: 'within 10 minutes', hr: 'u roku od 10 minuta' },
        recipients: { addresses: [customer.email], locale: 'en', clientArea: true },
      },
      {
        type: 'ticket.replied',
        ticketId: t.id,
        messageId: t.id,
        author: 'agent',
        internal: false,
        body: 'Never sent.',
        ticket: { reference, subject: 'Never filed', accountId: customer.accountId, requesterId: customer.userId, requesterEmail: null },
      },
    ];
    const before = heard.length;
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await modules.events.emit(trx, events);
        // Written by the listeners in this very transaction…
        const inside = await trx.selectFrom('outbox_emails').select('kind').where('subject', 'like', `[${reference}]%`).execute();
        expect(inside.map((m) => m.kind).sort()).toEqual(['ticket_acknowledged', 'ticket_reply']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // …and gone with it. A later event, once heard, shows that nothing of the rolled-back ones was sent before it.
    await modules.events.emit(ctx.db, [{ type: 'ticket.presence', ticketId: t.id }]);
    await eventually(() => heardOf('ticket.presence', t.id)[0]);
    expect(heard.slice(before)).toEqual([{ type: 'ticket.presence', ticketId: t.id }]);
    expect(await ctx.db.selectFrom('outbox_emails').select('id').where('subject', 'like', `[${reference}]%`).execute()).toEqual([]);
  });
});

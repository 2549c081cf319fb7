import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlOf } from '../src/modules/email/index.js';
import { buildModules, type Modules } from '../src/modules.js';
import { createCustomer, departmentId, eventually, useTestApp } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';

const ctx = useTestApp();
const PORT = 4333;

/**
 * Issue 12 point 5 (loops and noise) and R12 of point 4, through real SMTP conversations with the receiver: the
 * per-sender cap on acknowledgements, machine mail threaded onto a ticket, the cautious acknowledgement.
 */
describe('email loops, floods and unverified senders', () => {
  let modules: Modules;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: PORT, secure: false, ignoreTLS: true, pool: false });
  const send = (mail: Parameters<typeof transport.sendMail>[0]) => transport.sendMail({ to: 'support@centrala.test', ...mail });
  const ticketOf = async (messageId: string) =>
    eventually(
      () =>
        ctx.db
          .selectFrom('inbound')
          .innerJoin('tickets', 'tickets.id', 'inbound.ticket_id')
          .selectAll('tickets')
          .select(['inbound.message_id as message_of_mail'])
          .where('inbound.mail_message_id', '=', messageId)
          .where('inbound.state', '=', 'processed')
          .executeTakeFirst(),
      15_000,
    );
  const acksTo = (address: string) =>
    ctx.db
      .selectFrom('outbox_emails')
      .selectAll()
      .where('to_address', '=', address)
      .where('kind', '=', 'ticket_acknowledged')
      .orderBy('created_at')
      .execute();
  const ticketRow = (id: string) => ctx.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    // No internet in tests: every domain is unknown, so no sender is DMARC-verified (SPF/DKIM/DMARC none).
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
    mailIn = await startMailIn(modules, { port: PORT, maxBytes: 256 * 1024 });
  });
  afterAll(async () => {
    transport.close();
    await mailIn?.stop();
  });

  it('a storm of 20 mails from one address in a minute opens 20 tickets and gets at most the cap (5) of acknowledgements', async () => {
    const from = 'storm@example.org';
    for (let i = 0; i < 20; i++)
      expect((await send({ from, subject: `Storm ${i}`, text: `mail ${i}`, messageId: `<storm-${i}@example.org>` })).response).toMatch(
        /^250 /,
      );
    const tickets = [];
    for (let i = 0; i < 20; i++) tickets.push(await ticketOf(`storm-${i}@example.org`));
    expect(new Set(tickets.map((t) => t.id)).size).toBe(20);
    const acks = await acksTo(from);
    expect(acks).toHaveLength(5);
    // Another sender is not held back by the storm.
    await send({ from: 'calm@example.org', subject: 'Calm', text: 'one question', messageId: '<calm@example.org>' });
    await ticketOf('calm@example.org');
    expect(await acksTo('calm@example.org')).toHaveLength(1);
  });

  it('an out-of-office exchange does not loop: the auto-reply to our acknowledgement is kept on the ticket, unanswered, and changes nothing', async () => {
    const from = 'away@example.org';
    await send({ from, subject: 'VPN broken', text: 'It does not connect.', messageId: '<away-1@example.org>' });
    const ticket = await ticketOf('away-1@example.org');
    const [ack] = await acksTo(from);
    expect(ack).toBeDefined();
    // An agent resolves it (their reply would do the same as far as the loop goes: a mail we sent).
    await ctx.db.updateTable('tickets').set({ status: 'resolved', resolved_at: new Date() }).where('id', '=', ticket.id).execute();
    const before = await ticketRow(ticket.id);

    // The requester's out-of-office answers our acknowledgement, threaded to it.
    await send({
      from,
      subject: `Automatic reply: [${ticket.reference}] VPN broken`,
      text: 'I am out of the office until Monday.',
      messageId: '<away-ooo@example.org>',
      inReplyTo: `<${ack!.message_id}>`,
      references: `<${ack!.message_id}>`,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    });
    const threaded = await ticketOf('away-ooo@example.org');
    expect(threaded.id).toBe(ticket.id);
    const after = await ticketRow(ticket.id);
    expect(after.status).toBe('resolved');
    expect(after.resolved_at).toEqual(before.resolved_at);
    expect(after.due_at).toEqual(before.due_at);
    expect(after.sla_clock_ms).toEqual(before.sla_clock_ms);
    expect(after.updated_at).toEqual(before.updated_at);
    const messages = await ctx.db
      .selectFrom('ticket_messages')
      .select(['body', 'email'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('created_at')
      .execute();
    expect(messages.map((m) => m.body.trim())).toEqual(['It does not connect.', 'I am out of the office until Monday.']);
    expect(messages[1]!.email).toMatchObject({ autoKind: 'auto_reply' });
    const reopened = await ctx.db
      .selectFrom('ticket_events')
      .select('kind')
      .where('ticket_id', '=', ticket.id)
      .where('kind', 'in', ['reopened', 'status'])
      .execute();
    expect(reopened).toEqual([]);

    // An out-of-office that threads onto nothing opens a ticket, and gets no acknowledgement either.
    await send({
      from: 'robot@example.org',
      subject: 'Out of office',
      text: 'Away.',
      messageId: '<robot-ooo@example.org>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await ticketOf('robot-ooo@example.org');
    await new Promise((r) => setTimeout(r, 300));
    expect(await acksTo('robot@example.org')).toEqual([]);
    expect(await acksTo(from)).toHaveLength(1);

    // The person's own answer later still reopens the ticket as before.
    await send({
      from,
      subject: `Re: [${ticket.reference}] VPN broken`,
      text: 'Back now, still broken.',
      messageId: '<away-2@example.org>',
      inReplyTo: `<${ack!.message_id}>`,
    });
    expect((await ticketOf('away-2@example.org')).id).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).status).toBe('awaiting_agent');
  });

  it('a list mail threaded onto an open ticket does not count as the customer answering', async () => {
    await send({ from: 'member@example.org', subject: 'Mailing list question', text: 'first', messageId: '<list-1@example.org>' });
    const ticket = await ticketOf('list-1@example.org');
    await ctx.db.updateTable('tickets').set({ status: 'awaiting_customer' }).where('id', '=', ticket.id).execute();
    await send({
      from: 'member@example.org',
      subject: `Re: Mailing list question`,
      text: 'digest',
      messageId: '<list-2@example.org>',
      inReplyTo: '<list-1@example.org>',
      headers: { 'List-Id': '<users.lists.example.org>', Precedence: 'list' },
    });
    expect((await ticketOf('list-2@example.org')).id).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).status).toBe('awaiting_customer');
  });

  it('R12: a registered address without DMARC gets the cautious acknowledgement, naming nothing of the account; a stranger the general one', async () => {
    const customer = await createCustomer(ctx.db, { services: [{ name: 'vps-zagreb-secret-7' }] });
    const account = await ctx.db.selectFrom('accounts').select('name').where('id', '=', customer.accountId).executeTakeFirstOrThrow();
    await send({
      from: customer.email,
      subject: 'Koliko iznosi moje dugovanje?',
      text: 'Molim stanje računa.',
      messageId: '<claimed-1@example.com>',
    });
    const ticket = await ticketOf('claimed-1@example.com');
    expect(ticket.trust).toBe('email_claimed');
    expect(ticket.account_id).toBe(customer.accountId);
    const [ack] = await acksTo(customer.email);
    const body = ack!.text_body!;
    expect(body).toContain('Nismo mogli potvrditi da je poslana s adrese registrirane uz vaš korisnički račun');
    expect(body).toContain('prijavite se u korisničko sučelje');
    expect(body).toContain('ili nam pišite s registrirane adrese.');
    expect(body).toContain(ticket.reference);
    expect(body).toContain('u roku od 30 minuta');
    for (const secret of [account.name, 'vps-zagreb-secret-7', customer.services[0]!.order_number])
      expect(`${ack!.subject}\n${body}\n${htmlOf(body)}`).not.toContain(secret);

    // Anonymous: the general acknowledgement (R11), answered at the address.
    await send({ from: 'someone@example.net', subject: 'Do you sell domains?', text: '?', messageId: '<general-1@example.net>' });
    await ticketOf('general-1@example.net');
    const [general] = await acksTo('someone@example.net');
    expect(general!.text_body).toContain('Odgovorit ćemo vam na ovu adresu.');
    expect(general!.text_body).not.toContain('Nismo mogli potvrditi');
  });

  it('R12: an email_authenticated sender of the account gets the ordinary acknowledgement with its client-area link', async () => {
    const customer = await createCustomer(ctx.db);
    const created = await modules.intake.submit({
      channel: 'email',
      trust: 'email_authenticated',
      requester: { kind: 'contact', email: customer.email, accountId: customer.accountId, userId: customer.userId },
      inbound: { sourceId: `mid:<auth-${Date.now()}@example.com>`, payload: {} },
      subject: 'Invoice copy',
      body: 'Please.',
      files: [],
      stated: {
        departmentId: await departmentId(ctx.db, 'financial'),
        priority: 'regular',
        serviceId: null,
        incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
      },
    });
    const [ack] = await acksTo(customer.email);
    expect(ack!.ticket_id).toBe(created.id);
    expect(ack!.text_body).toContain(`http://centrala.test/client/tickets/${created.reference}`);
    expect(ack!.text_body).not.toContain('Nismo mogli potvrditi');
  });
});

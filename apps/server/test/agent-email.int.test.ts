import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { buildModules, type Modules } from '../src/modules.js';
import { replyAddresses, serverKey, type OutboundDelivery } from '../src/modules/email/index.js';
import { ticketResponseTimes } from '../src/modules/tickets/index.js';
import { createCustomer, createStaff, departmentId, eventually, login, PNG, postForm, useTestApp, type LoggedIn } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';

/**
 * An agent starts a new email ticket to a customer (issue 12 point 6, last sentence; R11, R14): the ticket waits for
 * the customer, its first message is the agent's, its mail leaves through the outbox and the delivery loop into a real
 * SMTP sink of this test's own, threaded as an agent's reply is (our Message-ID, the signed Reply-To, the reference in
 * the subject, text and HTML, the customer's language), and the customer's answer by mail through the SMTP receiver
 * lands in the same ticket. No mocked transport.
 */
const SINK_PORT = 4362;
const MAIL_IN_PORT = 4361;

interface Received {
  rcptTo: string[];
  parsed: ParsedMail;
}

const ctx = useTestApp({
  SMTP_RELAY_HOST: '127.0.0.1',
  SMTP_RELAY_PORT: String(SINK_PORT),
  MAIL_DOMAIN: 'centrala.test',
  MAIL_FROM: 'Centrala podrška <support@centrala.test>',
});

describe('an agent starts an email ticket to a customer (issue 12 point 6)', () => {
  const received: Received[] = [];
  let sink: SMTPServer;
  let modules: Modules;
  let delivery: OutboundDelivery;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;
  let agent: LoggedIn;
  let technical: string;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: MAIL_IN_PORT, secure: false, ignoreTLS: true, pool: false });

  beforeAll(async () => {
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks)).then(
            (parsed) => {
              received.push({ parsed, rcptTo: session.envelope.rcptTo.map((r) => r.address) });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(SINK_PORT, '127.0.0.1', resolve));
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    technical = await departmentId(ctx.db, 'technical');
    await modules.inboundEmail.addresses.create({ address: 'support@centrala.test', departmentId: technical, purpose: 'support' });
    mailIn = await startMailIn(modules, { port: MAIL_IN_PORT, maxBytes: 1024 * 1024 });
    delivery = modules.mailDelivery.build(createLogger('silent'))!;
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
  });
  afterAll(async () => {
    transport.close();
    delivery?.close();
    await mailIn?.stop();
    await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
  });

  const start = (payload: Record<string, unknown>, files: Parameters<typeof postForm>[4] = [], session = agent, key?: string) => {
    const form = { departmentId: technical, priority: 'regular', subject: 'Planned maintenance', body: 'Hello.', ...payload };
    if (!key) return postForm(ctx.app, '/api/agent/tickets', session, form, files);
    return postForm(ctx.app, '/api/agent/tickets', { ...session, headers: { ...session.headers, 'idempotency-key': key } }, form, files);
  };
  const ticketOf = (reference: string) =>
    ctx.db.selectFrom('tickets').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const messagesOf = (ticketId: string) =>
    ctx.db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').execute();
  const mailsOf = (ticketId: string) =>
    ctx.db.selectFrom('outbox_emails').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').execute();
  const delivered = (messageId: string) =>
    eventually(async () => {
      await delivery.deliverDue();
      return received.find((m) => m.parsed.messageId === `<${messageId}>`);
    });
  /** The customer's answer by mail, once it is stored and processed: the ticket it went to. */
  const answeredTicket = (messageId: string) =>
    eventually(
      () =>
        ctx.db
          .selectFrom('inbound')
          .select('ticket_id')
          .where('mail_message_id', '=', messageId)
          .where('state', '=', 'processed')
          .executeTakeFirst(),
      10_000,
    );

  it("writes to an account's Support addresses (R14) in the customer's language, and the answer to the signed Reply-To threads back", async () => {
    const customer = await createCustomer(ctx.db);
    await ctx.db.updateTable('users').set({ locale: 'en' }).where('id', '=', customer.userId).execute();
    const support = `support-desk-${customer.accountId.slice(0, 8)}@example.com`;
    await ctx.db.insertInto('notification_addresses').values({ account_id: customer.accountId, kind: 'support', email: support }).execute();

    const res = await start(
      { accountId: customer.accountId, subject: 'Your server needs a reboot', body: 'We will reboot it tonight at 22:00.' },
      [{ filename: 'plan.png', type: 'image/png', content: PNG }],
    );
    expect(res.statusCode, res.body).toBe(201);
    const { reference, id } = res.json<{ id: string; reference: string }>();
    const ticket = await ticketOf(reference);
    expect(ticket).toMatchObject({
      id,
      channel: 'email',
      status: 'awaiting_customer',
      account_id: customer.accountId,
      requester_id: customer.userId,
      trust: 'anonymous',
      department_id: technical,
      due_at: null,
    });
    const [first] = await messagesOf(ticket.id);
    expect(first).toMatchObject({ author_type: 'agent', internal: false, trust: 'staff' });
    expect(first!.body).toContain('We will reboot it tonight');

    // No acknowledgement: the customer asked nothing. One mail, the agent's, to the Support address (not the registered one).
    const mails = await mailsOf(ticket.id);
    expect(mails.map((m) => [m.kind, m.to_address])).toEqual([['ticket_reply', support]]);
    const mail = await delivered(mails[0]!.message_id!);
    expect(mail.rcptTo).toEqual([support]);
    expect(mail.parsed.subject).toBe(`[${reference}] Your server needs a reboot`);
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@centrala\.test>$/);
    expect(mail.parsed.inReplyTo).toBeUndefined();
    expect(mail.parsed.text).toContain('We will reboot it tonight at 22:00.');
    // The account's person reads English: the footer is theirs, with the client-area link.
    expect(mail.parsed.text).toContain(`Reply or follow the ticket here: http://centrala.test/client/tickets/${reference}`);
    expect(mail.parsed.html).toContain('We will reboot it tonight at 22:00.');
    expect(mail.parsed.attachments.map((a) => [a.filename, a.content.equals(PNG)])).toEqual([['plan.png', true]]);
    const replyTo = mail.parsed.replyTo!.value[0]!.address!;
    const token = /^support\+([a-z2-7]+)@centrala\.test$/.exec(replyTo)?.[1];
    expect(replyAddresses(serverKey(undefined, ctx.dataDir)).ticketOf(token!)).toBe(ticket.id);

    // The customer answers from the Support address to the Reply-To, as a mail client does (no reference typed).
    const answer = await transport.sendMail({
      from: support,
      to: replyTo,
      subject: 'Re: Your server needs a reboot',
      text: 'Fine by us, thank you.',
      messageId: '<answer-1@example.com>',
    });
    expect(answer.response).toMatch(/^250 /);
    expect((await answeredTicket('answer-1@example.com')).ticket_id).toBe(ticket.id);
    const after = await messagesOf(ticket.id);
    expect(after.map((m) => [m.author_type, m.body.trim()])).toEqual([
      ['agent', first!.body],
      ['customer', 'Fine by us, thank you.'],
    ]);
    expect((await ticketOf(reference)).status).toBe('awaiting_agent');
  });

  it('writes to a typed address of someone not known (R11): an accountless ticket, answered by In-Reply-To alone', async () => {
    const res = await start({ email: 'New.Person@Example.ORG', subject: 'Your question about domains', body: 'Ovo je odgovor.' });
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json<{ reference: string }>();
    const ticket = await ticketOf(reference);
    expect(ticket).toMatchObject({
      account_id: null,
      requester_id: null,
      requester_email: 'new.person@example.org',
      status: 'awaiting_customer',
    });
    const [row] = await mailsOf(ticket.id);
    const mail = await delivered(row!.message_id!);
    expect(mail.rcptTo).toEqual(['new.person@example.org']);
    expect(mail.parsed.subject).toBe(`[${reference}] Your question about domains`);
    // Nobody's language is known: Croatian, and no client-area link they could not open, only the reference.
    expect(mail.parsed.text).toContain(`—\n${reference}`);
    expect(mail.parsed.text).not.toContain('/client/tickets/');

    // Answered to the base address (the Reply-To dropped by the client), threaded by In-Reply-To to our Message-ID.
    await transport.sendMail({
      from: 'new.person@example.org',
      to: 'support@centrala.test',
      subject: 'Something else entirely',
      text: 'Thanks, one more question.',
      messageId: '<answer-2@example.org>',
      inReplyTo: mail.parsed.messageId!,
      references: mail.parsed.messageId!,
    });
    expect((await answeredTicket('answer-2@example.org')).ticket_id).toBe(ticket.id);
    expect(await ctx.db.selectFrom('tickets').select('id').where('subject', '=', 'Something else entirely').execute()).toEqual([]);
  });

  it('a retry under the same Idempotency-Key answers the first ticket: one ticket, one mail', async () => {
    const key = `agent-mail-${Date.now()}`;
    const payload = { email: 'retry@example.net', subject: 'Sent twice', body: 'Only once, please.' };
    const first = await start(payload, [], agent, key);
    const again = await start(payload, [], agent, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await ctx.db.selectFrom('tickets').select('id').where('subject', '=', 'Sent twice').execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom('outbox_emails').select('id').where('to_address', '=', 'retry@example.net').execute()).toHaveLength(1);
    const changed = await start({ ...payload, body: 'Something else.' }, [], agent, key);
    expect(changed.statusCode).toBe(422);
    expect(changed.json().error.code).toBe('request.idempotency_key_reused');
  });

  it('validates at the edge: exactly one addressee, a real account and an active department, hr and en messages', async () => {
    const neither = await start({});
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error).toMatchObject({
      code: 'request.invalid',
      fields: [
        {
          path: 'email',
          code: 'required',
          message: { en: 'Choose a customer or type an email address.', hr: 'Odaberite klijenta ili upišite adresu e-pošte.' },
        },
      ],
    });
    const customer = await createCustomer(ctx.db);
    const both = await start({ accountId: customer.accountId, email: 'x@example.org' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.fields).toEqual([expect.objectContaining({ path: 'email', code: 'conflict' })]);
    const badAddress = await start({ email: 'not an address' });
    expect(badAddress.statusCode).toBe(400);
    expect(badAddress.json().error.fields[0]).toMatchObject({ path: 'email', code: 'invalid_format.email' });
    const noAccount = await start({ accountId: '00000000-0000-4000-8000-000000000000' });
    expect(noAccount.statusCode).toBe(400);
    expect(noAccount.json().error).toMatchObject({ code: 'account.unknown', message: { hr: 'Nema takvog računa.' } });
    const noDepartment = await start({ email: 'x@example.org', departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(noDepartment.statusCode).toBe(400);
    expect(noDepartment.json().error.code).toBe('department.unknown');
    const emptyBody = await start({ email: 'x@example.org', body: '   ' });
    expect(emptyBody.statusCode).toBe(400);
    expect(emptyBody.json().error.fields[0]).toMatchObject({ path: 'body', message: { en: 'This field is required.' } });
    // Nothing of the refused forms was written.
    expect(await ctx.db.selectFrom('outbox_emails').select('id').where('to_address', '=', 'x@example.org').execute()).toEqual([]);
  });

  it('agents and admins only: a customer is refused, and nobody without a session', async () => {
    const customer = await createCustomer(ctx.db);
    const asCustomer = await start({ email: 'x@example.org' }, [], await login(ctx.app, customer.email));
    expect(asCustomer.statusCode).toBe(403);
    expect(asCustomer.json().error.code).toBe('auth.forbidden');
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/agent/tickets', payload: {} });
    expect([401, 403]).toContain(anonymous.statusCode);
  });

  it('measures no response time for a ticket an agent opened (R16 figures stay those of customers who wrote in)', async () => {
    const figures = await ticketResponseTimes(ctx.db).window(24, false);
    expect(figures.filter((f) => f.channel === 'email')).toEqual([]);
  });
});

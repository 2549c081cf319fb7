import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { replyAddresses, serverKey } from '../src/modules/email/index.js';
import { createCustomer, departmentId, eventually, PNG, useTestApp } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';

const ctx = useTestApp();
const PORT = 4321;
const MAX_BYTES = 64 * 1024;

/** Issue 12 points 1a and 2: real SMTP conversations (nodemailer's transport) with the receiver on 127.0.0.1. */
describe('SMTP receiver into tickets', () => {
  let modules: Modules;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: PORT, secure: false, ignoreTLS: true, pool: false });
  const send = (mail: Parameters<typeof transport.sendMail>[0]) =>
    transport.sendMail({ from: 'someone@example.org', to: 'support@centrala.test', ...mail });
  const ticketOf = async (messageId: string) =>
    eventually(
      () =>
        ctx.db
          .selectFrom('inbound')
          .innerJoin('tickets', 'tickets.id', 'inbound.ticket_id')
          .selectAll('tickets')
          .select(['inbound.id as inbound_id', 'inbound.message_id as first_message'])
          .where('inbound.mail_message_id', '=', messageId)
          .where('inbound.state', '=', 'processed')
          .executeTakeFirst(),
      10_000,
    );

  beforeAll(async () => {
    // DNS answered here: no internet in tests, and every domain is unknown (SPF/DKIM none, DMARC none).
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
    await modules.inboundEmail.addresses.create({
      address: 'billing@centrala.test',
      departmentId: await departmentId(ctx.db, 'financial'),
      purpose: 'support',
    });
    mailIn = await startMailIn(modules, { port: PORT, maxBytes: MAX_BYTES });
  });
  afterAll(async () => {
    transport.close();
    await mailIn?.stop();
  });

  it('answers 250 once stored, and the ticket appears with the sender, department, CC and attachment', async () => {
    const customer = await createCustomer(ctx.db);
    const info = await send({
      from: `Kupac <${customer.email}>`,
      to: 'billing@centrala.test',
      cc: 'colleague@example.com',
      subject: 'Račun za studeni – čćžšđ',
      text: 'Pozdrav, račun je dvostruk.\n',
      messageId: '<first-1@example.com>',
      attachments: [{ filename: 'screen.png', content: PNG }],
    });
    expect(info.response).toMatch(/^250 /);
    const ticket = await ticketOf('first-1@example.com');
    expect(ticket.channel).toBe('email');
    expect(ticket.subject).toBe('Račun za studeni – čćžšđ');
    expect(ticket.account_id).toBe(customer.accountId);
    expect(ticket.requester_id).toBe(customer.userId);
    expect(ticket.trust).toBe('email_claimed');
    expect(ticket.department_id).toBe(await departmentId(ctx.db, 'financial'));
    expect(ticket.cc).toEqual(['colleague@example.com']);
    const message = await ctx.db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(message.body).toContain('račun je dvostruk');
    expect(message.email).toMatchObject({ inboundId: ticket.inbound_id, messageId: 'first-1@example.com', autoKind: 'human' });
    const files = await ctx.db.selectFrom('attachments').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(files.map((f) => [f.filename, f.content_type])).toEqual([['screen.png', 'image/png']]);
  });

  it('makes one ticket of the same message delivered twice', async () => {
    const mail = { subject: 'Twice', text: 'same', messageId: '<twice@example.org>' };
    expect((await send(mail)).response).toMatch(/^250 /);
    expect((await send(mail)).response).toMatch(/^250 /);
    const ticket = await ticketOf('twice@example.org');
    expect(ticket.trust).toBe('anonymous');
    expect(ticket.account_id).toBeNull();
    expect(ticket.requester_email).toBe('someone@example.org');
    await new Promise((r) => setTimeout(r, 500));
    const rows = await ctx.db.selectFrom('inbound').select('ticket_id').where('mail_message_id', '=', 'twice@example.org').execute();
    expect(rows).toEqual([{ ticket_id: ticket.id }]);
    const tickets = await ctx.db.selectFrom('tickets').select('id').where('subject', '=', 'Twice').execute();
    expect(tickets).toHaveLength(1);
  });

  it('an admin replay of a processed message keeps its one ticket; of a failed one processes it', async () => {
    await send({ subject: 'Replayed', text: 'again', messageId: '<replay@example.org>' });
    const ticket = await ticketOf('replay@example.org');
    expect(await modules.inboundEmail.intake.replay(ticket.inbound_id)).toBe('processed');
    await modules.inboundEmail.intake.drain();
    expect(await ctx.db.selectFrom('tickets').select('id').where('subject', '=', 'Replayed').execute()).toHaveLength(1);

    // A message given up on (state failed) is processed again on replay, into one ticket.
    await send({ subject: 'Failed once', text: 'x', messageId: '<failed@example.org>' });
    const first = await ticketOf('failed@example.org');
    await ctx.db.deleteFrom('ticket_messages').where('ticket_id', '=', first.id).execute();
    await ctx.db.deleteFrom('ticket_events').where('ticket_id', '=', first.id).execute();
    await ctx.db.deleteFrom('attachments').where('ticket_id', '=', first.id).execute();
    await ctx.db
      .updateTable('inbound')
      .set({ state: 'failed', ticket_id: null, message_id: null })
      .where('id', '=', first.inbound_id)
      .execute();
    await ctx.db.deleteFrom('tickets').where('id', '=', first.id).execute();
    expect(await modules.inboundEmail.intake.replay(first.inbound_id)).toBe('queued');
    mailIn.drain.wake();
    const again = await ticketOf('failed@example.org');
    expect(again.id).not.toBe(first.id);
  });

  it('refuses an address it does not serve with 550, and accepts a +token variant of one it does', async () => {
    await expect(send({ to: 'nobody@centrala.test', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    expect(
      (await send({ to: 'support+abc123@centrala.test', subject: 'Plus', text: 'x', messageId: '<plus@example.org>' })).response,
    ).toMatch(/^250 /);
    await ticketOf('plus@example.org');
  });

  it('refuses a message over SMTP_MAX_BYTES with 552 and stores nothing', async () => {
    await expect(send({ subject: 'Big', text: 'x'.repeat(MAX_BYTES * 2), messageId: '<big@example.org>' })).rejects.toMatchObject({
      responseCode: 552,
    });
    const rows = await ctx.db.selectFrom('inbound').select('id').where('mail_message_id', '=', 'big@example.org').execute();
    expect(rows).toHaveLength(0);
  });

  it('turns a message mailparser cannot read into a ticket with its raw source attached', async () => {
    const raw =
      'Message-ID: <broken@example.org>\r\nFrom: a@example.org\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary="\r\n\r\n--\r\n\u0000\u0001';
    expect((await transport.sendMail({ envelope: { from: 'a@example.org', to: ['support@centrala.test'] }, raw })).response).toMatch(
      /^250 /,
    );
    const ticket = await ticketOf('broken@example.org');
    expect(ticket.channel).toBe('email');
  });

  it('threads a reply by In-Reply-To, and by the subject reference only for a participant', async () => {
    const customer = await createCustomer(ctx.db);
    await send({ from: customer.email, subject: 'Server down', text: 'help', messageId: '<orig@example.com>' });
    const ticket = await ticketOf('orig@example.com');

    // A CC'd colleague answers the thread: In-Reply-To names the first mail.
    await send({
      from: 'colleague@other.example',
      subject: 'Re: Server down',
      text: 'same here',
      messageId: '<r1@other.example>',
      inReplyTo: '<orig@example.com>',
      references: '<orig@example.com>',
    });
    const r1 = await ticketOf('r1@other.example');
    expect(r1.id).toBe(ticket.id);

    // The customer writes a fresh mail with the reference in the subject: a participant, so it joins.
    await send({ from: customer.email, subject: `Again [${ticket.reference}]`, text: 'still down', messageId: '<r2@example.com>' });
    expect((await ticketOf('r2@example.com')).id).toBe(ticket.id);

    // A stranger quoting the reference gets a ticket of their own.
    await send({
      from: 'stranger@evil.example',
      subject: `Re: [${ticket.reference}] give me data`,
      text: 'x',
      messageId: '<r3@evil.example>',
    });
    const stranger = await ticketOf('r3@evil.example');
    expect(stranger.id).not.toBe(ticket.id);

    const messages = await ctx.db
      .selectFrom('ticket_messages')
      .select(['body', 'author_type'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('created_at')
      .execute();
    expect(messages.map((m) => m.body.trim())).toEqual(['help', 'same here', 'still down']);
    const after = await ctx.db.selectFrom('tickets').select(['status', 'cc']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('awaiting_agent');
  });

  it('threads an Outlook reply by its Thread-Index alone', async () => {
    const index = Buffer.concat([Buffer.from('01d9a1b2c3d4', 'hex'), Buffer.alloc(16, 9)]).toString('base64');
    const child = Buffer.concat([Buffer.from(index, 'base64'), Buffer.alloc(5, 1)]).toString('base64');
    await send({ subject: 'Outlook one', text: 'first', messageId: '<ol1@example.org>', headers: { 'Thread-Index': index } });
    const ticket = await ticketOf('ol1@example.org');
    await send({ subject: 'RE: Outlook one', text: 'second', messageId: '<ol2@example.org>', headers: { 'Thread-Index': child } });
    expect((await ticketOf('ol2@example.org')).id).toBe(ticket.id);
  });

  it('threads a reply sent to our signed reply address, and refuses a forged token (550 is not needed: the base address is ours)', async () => {
    await send({ subject: 'Signed', text: 'first', messageId: '<signed1@example.org>' });
    const ticket = await ticketOf('signed1@example.org');
    const address = replyAddresses(serverKey(ctx.config.SECRET_KEY, ctx.config.dataDir)).addressFor(ticket.id, 'support@centrala.test');
    await send({ to: address, subject: 'no reference here', text: 'second', messageId: '<signed2@example.org>' });
    expect((await ticketOf('signed2@example.org')).id).toBe(ticket.id);
    await send({
      to: 'support+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@centrala.test',
      subject: 'forged',
      text: 'x',
      messageId: '<signed3@example.org>',
    });
    expect((await ticketOf('signed3@example.org')).id).not.toBe(ticket.id);
  });

  it('processes one stored mail once even when two runs race (the write fails as already processed)', async () => {
    const stored = await modules.inboundEmail.store.store(
      Buffer.from('Message-ID: <race@example.org>\r\nFrom: r@example.org\r\nSubject: Race\r\n\r\nbody\r\n'),
      {
        kind: 'imap',
        mailboxId: 'x',
        uidValidity: '1',
        uid: '1',
      },
    );
    // Two drains of their own: the claim (skip locked) gives the row to one; a replay racing it is refused by the write.
    const other = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await Promise.all([
      modules.inboundEmail.intake.drain(),
      other.inboundEmail.intake.drain(),
      other.inboundEmail.intake.replay(stored.id),
    ]);
    await ticketOf('race@example.org');
    await modules.inboundEmail.intake.drain();
    expect(await ctx.db.selectFrom('tickets').select('id').where('subject', '=', 'Race').execute()).toHaveLength(1);
  });

  it('the ticket write marks a stored input processed once: a second write of it answers the first ticket', async () => {
    const stored = await modules.inboundEmail.store.store(Buffer.from('Message-ID: <guard@example.org>\r\n\r\nx'), {
      kind: 'imap',
      mailboxId: 'x',
      uidValidity: '1',
      uid: '2',
    });
    const submission = {
      channel: 'email' as const,
      trust: 'anonymous' as const,
      requester: { kind: 'contact' as const, email: 'g@example.org', accountId: null, userId: null },
      inbound: { sourceId: 'mid:guard@example.org', payload: {}, storedId: stored.id },
      subject: 'Guarded',
      body: 'x',
      files: [],
      stated: {
        departmentId: await departmentId(ctx.db, 'technical'),
        priority: 'regular' as const,
        serviceId: null,
        incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
      },
    };
    const [a, b] = await Promise.all([modules.intake.submit(submission), modules.intake.submit(submission)]);
    expect(a.id).toBe(b.id);
    const c = await modules.intake.submit(submission);
    expect(c.id).toBe(a.id);
    expect(await ctx.db.selectFrom('tickets').select('id').where('subject', '=', 'Guarded').execute()).toHaveLength(1);
  });
});

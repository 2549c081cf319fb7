import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { buildModules, type Modules } from '../src/modules.js';
import { smtpReceiver, type SmtpReceiver } from '../src/modules/email/index.js';
import { startEmailDrain } from '../src/modules/intake/index.js';
import { createCustomer, departmentId, eventually, PNG, useTestApp } from './helpers.js';

const ctx = useTestApp();
const PORT = 4321;
const MAX_BYTES = 64 * 1024;

/** Issue 12 points 1a and 2: real SMTP conversations (nodemailer's transport) with the receiver on 127.0.0.1. */
describe('SMTP receiver into tickets', () => {
  let modules: Modules;
  let receiver: SmtpReceiver;
  let drain: ReturnType<typeof startEmailDrain>;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: PORT, secure: false, ignoreTLS: true, pool: false });
  const send = (mail: nodemailer.SendMailOptions) =>
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
    modules = buildModules({ config: ctx.config, db: ctx.db });
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
    drain = startEmailDrain(modules.inboundEmail.intake, createLogger('silent'), 200);
    receiver = smtpReceiver(
      { host: '127.0.0.1', port: PORT, maxBytes: MAX_BYTES, maxConnectionsPerClient: 10, messagesPerMinutePerClient: 0, maxClients: 50 },
      {
        store: modules.inboundEmail.store,
        serves: async (a) => (await modules.inboundEmail.addresses.lookup(a)) !== null,
        onStored: () => drain.wake(),
        logger: createLogger('silent'),
      },
    );
    await receiver.listen();
  });
  afterAll(async () => {
    transport.close();
    await receiver?.close();
    await drain?.stop();
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
    drain.wake();
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
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, ticketForm, useTestApp, type LoggedIn } from './helpers.js';

describe('two agents answering one ticket: a reply after another agent’s is refused (issue 10 point 4)', () => {
  const ctx = useTestApp();
  let customer: LoggedIn;
  let ana: LoggedIn;
  let luka: LoggedIn;
  let technical: string;

  beforeAll(async () => {
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    ana = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    luka = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    technical = await departmentId(ctx.db, 'technical');
  });

  /** A new ticket, and the id of its first message: what both agents see when they open it. */
  async function openTicket(subject: string) {
    const res = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: technical,
      priority: 'regular',
      subject,
      description: 'The mail server refuses connections since this morning.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const t = res.json<{ reference: string; messages: { id: string }[] }>();
    return { reference: t.reference, firstMessageId: t.messages[0]!.id };
  }
  const reply = (reference: string, agent: LoggedIn, payload: Record<string, unknown>) =>
    postForm(ctx.app, `/api/agent/tickets/${reference}/replies`, agent, payload);
  const customerMails = async (reference: string) =>
    (await ctx.db.selectFrom('outbox_emails').select('subject').where('kind', '=', 'ticket_reply').execute()).filter((m) =>
      m.subject.includes(reference),
    ).length;

  it('refuses the second answer with 409 and the reply it missed, writes and mails nothing, and sends it anyway when asked', async () => {
    const t = await openTicket('Mail server refuses connections');
    // Both opened the ticket at its first message; Ana sends first.
    const first = await reply(t.reference, ana, { body: 'We are restarting the mail server now.', seenMessageId: t.firstMessageId });
    expect(first.statusCode, first.body).toBe(201);
    const mailsBefore = await customerMails(t.reference);

    const late = await reply(t.reference, luka, { body: 'Please send us the error message.', seenMessageId: t.firstMessageId });
    expect(late.statusCode, late.body).toBe(409);
    const error = late.json().error;
    expect(error.code).toBe('ticket.reply_collision');
    expect(error.message.hr).toContain('Drugi agent odgovorio je');
    expect(error.message.en).toContain('Another agent answered');
    expect(error.missed).toHaveLength(1);
    expect(error.missed[0]).toMatchObject({ id: first.json().id, body: 'We are restarting the mail server now.', authorType: 'agent' });

    // Nothing of the refused reply was written or mailed.
    const detail = await ctx.app.inject({ url: `/api/agent/tickets/${t.reference}`, headers: luka.headers });
    expect(detail.json().messages.map((m: { body: string }) => m.body)).not.toContain('Please send us the error message.');
    expect(await customerMails(t.reference)).toBe(mailsBefore);

    // "Send anyway": the same text, now having seen Ana's reply.
    const anyway = await reply(t.reference, luka, { body: 'Please send us the error message.', seenMessageId: error.missed[0].id });
    expect(anyway.statusCode, anyway.body).toBe(201);
    expect(await customerMails(t.reference)).toBe(mailsBefore + 1);
  });

  it('lets a note through, the customer’s own messages and the agent’s own replies never collide', async () => {
    const t = await openTicket('Backups missing');
    const seen = t.firstMessageId;
    expect((await reply(t.reference, ana, { body: 'Checking the backup job.', internal: true, seenMessageId: seen })).statusCode).toBe(201);
    // A note from Ana is no answer to the customer: Luka's reply goes out.
    const lukaReply = await reply(t.reference, luka, { body: 'We are checking the backups.', seenMessageId: seen });
    expect(lukaReply.statusCode, lukaReply.body).toBe(201);
    // Luka's own earlier reply and the customer's new message do not stop Luka's next one.
    expect((await postForm(ctx.app, `/api/client/tickets/${t.reference}/replies`, customer, { body: 'Any news?' })).statusCode).toBe(201);
    expect((await reply(t.reference, luka, { body: 'Yes: restored.', seenMessageId: seen })).statusCode).toBe(201);
    // A note written after someone else's reply is not refused either.
    expect((await reply(t.reference, ana, { body: 'Luka answered.', internal: true, seenMessageId: seen })).statusCode).toBe(201);
    // But Ana's reply from before Luka's answers is.
    const refused = await reply(t.reference, ana, { body: 'All good now.', seenMessageId: seen });
    expect(refused.statusCode).toBe(409);
    // Every message after the one Ana had seen, in order, her note included.
    expect(refused.json().error.missed.map((m: { body: string }) => m.body)).toEqual([
      'Checking the backup job.',
      'We are checking the backups.',
      'Any news?',
      'Yes: restored.',
      'Luka answered.',
    ]);
  });

  it('refuses one of two replies sent at the same moment over the same seen message', async () => {
    const t = await openTicket('Two at once');
    const [a, b] = await Promise.all([
      reply(t.reference, ana, { body: 'Ana here.', seenMessageId: t.firstMessageId }),
      reply(t.reference, luka, { body: 'Luka here.', seenMessageId: t.firstMessageId }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
  });

  it('answers 400 for a seen message that is not on this ticket, and checks nothing when none is given', async () => {
    const t = await openTicket('Unknown seen message');
    const other = await openTicket('Another ticket');
    const wrong = await reply(t.reference, ana, { body: 'Hello.', seenMessageId: other.firstMessageId });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toMatchObject([{ path: 'seenMessageId', code: 'not_found' }]);
    expect((await reply(t.reference, ana, { body: 'First.' })).statusCode).toBe(201);
    expect((await reply(t.reference, luka, { body: 'Without a seen message, as before.' })).statusCode).toBe(201);
  });

  it('keeps Idempotency-Key as it was: a retry answers the first reply; after a refusal a new key sends anyway', async () => {
    const t = await openTicket('Retried reply');
    const send = (agent: LoggedIn, key: string, payload: Record<string, unknown>) => {
      const form = ticketForm(payload);
      return ctx.app.inject({
        method: 'POST',
        url: `/api/agent/tickets/${t.reference}/replies`,
        headers: { ...agent.headers, ...form.headers, 'idempotency-key': key },
        payload: form.payload,
      });
    };
    const anaKey = randomUUID();
    const first = await send(ana, anaKey, { body: 'On it.', seenMessageId: t.firstMessageId });
    // A retry of the same request answers the first reply, as before.
    const retry = await send(ana, anaKey, { body: 'On it.', seenMessageId: t.firstMessageId });
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());

    const lukaKey = randomUUID();
    const refused = await send(luka, lukaKey, { body: 'Looking.', seenMessageId: t.firstMessageId });
    expect(refused.statusCode).toBe(409);
    // The refusal recorded nothing under the key: the same request is refused again, not answered from a record.
    expect((await send(luka, lukaKey, { body: 'Looking.', seenMessageId: t.firstMessageId })).statusCode).toBe(409);
    const anyway = await send(luka, randomUUID(), { body: 'Looking.', seenMessageId: first.json().id });
    expect(anyway.statusCode).toBe(201);
  });
});

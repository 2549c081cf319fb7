import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys } from '../src/modules/idempotency/index.js';
import { createCustomer, createStaff, departmentId, login, PNG, ticketForm, useTestApp, type LoggedIn } from './helpers.js';

describe('Idempotency-Key: a retried create answers the first result (issue 9 point 6)', () => {
  const ctx = useTestApp();
  let customer: LoggedIn;
  let accountId: string;
  let agent: LoggedIn;
  let technical: string;

  beforeAll(async () => {
    const c = await createCustomer(ctx.db);
    accountId = c.accountId;
    customer = await login(ctx.app, c.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    technical = await departmentId(ctx.db, 'technical');
  });

  const newTicket = (subject: string) => ({ departmentId: technical, priority: 'regular', subject, description: 'The site answers 502.' });
  /** POSTs a form with an Idempotency-Key, rebuilt each time as a retrying client would send it again. */
  const send = (
    url: string,
    session: LoggedIn,
    key: string | undefined,
    payload: unknown,
    files: Parameters<typeof ticketForm>[1] = [],
  ) => {
    const form = ticketForm(payload, files);
    return ctx.app.inject({
      method: 'POST',
      url,
      headers: { ...session.headers, ...form.headers, ...(key !== undefined && { 'idempotency-key': key }) },
      payload: form.payload,
    });
  };
  /** How many rows `from` (a table and its condition) has. */
  const count = async (from: RawBuilder<unknown>) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${from}`.execute(ctx.db)).rows[0]!.n);

  it('creates one ticket for a retried request, and answers the retry with the first answer', async () => {
    const key = randomUUID();
    const files = [{ filename: 'screen.png', content: PNG, type: 'image/png' }];
    const first = await send('/api/client/tickets', customer, key, newTicket('Retried after a reset'), files);
    expect(first.statusCode).toBe(201);
    const retry = await send('/api/client/tickets', customer, key, newTicket('Retried after a reset'), files);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(await count(sql`tickets where subject = ${'Retried after a reset'}`)).toBe(1);
    // One acknowledgement, not two.
    const ref = first.json().reference;
    expect(await count(sql`outbox_emails where subject like ${`%${ref}%`}`)).toBe(1);
  });

  it('writes each request without a key, and refuses a key reused for another request (422)', async () => {
    await send('/api/client/tickets', customer, undefined, newTicket('No key given'));
    await send('/api/client/tickets', customer, undefined, newTicket('No key given'));
    expect(await count(sql`tickets where subject = ${'No key given'}`)).toBe(2);

    const key = randomUUID();
    expect((await send('/api/client/tickets', customer, key, newTicket('First under the key'))).statusCode).toBe(201);
    const other = await send('/api/client/tickets', customer, key, newTicket('Another ticket, same key'));
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('request.idempotency_key_reused');
    expect(other.json().error.message.hr).toMatch(/Idempotency-Key/);
    expect(await count(sql`tickets where subject = ${'Another ticket, same key'}`)).toBe(0);
  });

  it('creates one ticket when the same keyed request arrives several times at once', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => send('/api/client/tickets', customer, key, newTicket('Sent six times at once'))),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().reference)).size).toBe(1);
    expect(await count(sql`tickets where subject = ${'Sent six times at once'}`)).toBe(1);
  });

  it('keeps one caller’s keys apart from another’s', async () => {
    const key = randomUUID();
    const other = await login(ctx.app, (await createCustomer(ctx.db)).email);
    expect((await send('/api/client/tickets', customer, key, newTicket('Mine under a shared key'))).statusCode).toBe(201);
    const theirs = await send('/api/client/tickets', other, key, newTicket('Theirs under a shared key'));
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().subject).toBe('Theirs under a shared key');
  });

  it('writes one reply for a retried customer or agent reply, the same one concurrently too', async () => {
    const ref = (await send('/api/client/tickets', customer, undefined, newTicket('To be replied to'))).json().reference;
    const ticketId = (await ctx.db.selectFrom('tickets').select('id').where('reference', '=', ref).executeTakeFirstOrThrow()).id;
    const key = randomUUID();
    const first = await send(`/api/client/tickets/${ref}/replies`, customer, key, { body: 'Any news?' });
    const retry = await send(`/api/client/tickets/${ref}/replies`, customer, key, { body: 'Any news?' });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());

    const agentKey = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => send(`/api/agent/tickets/${ref}/replies`, agent, agentKey, { body: 'Looking into it.' })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    // The ticket's opening message, one customer reply, one agent reply.
    expect(await count(sql`ticket_messages where ticket_id = ${ticketId}`)).toBe(3);
    // The same key on another ticket is another request.
    const ref2 = (await send('/api/client/tickets', customer, undefined, newTicket('A second ticket'))).json().reference;
    expect((await send(`/api/client/tickets/${ref2}/replies`, customer, key, { body: 'Any news?' })).statusCode).toBe(422);
  });

  it('refuses a key that is not 1–255 printable ASCII characters', async () => {
    for (const key of ['', 'x'.repeat(256), 'ključ']) {
      const res = await send('/api/client/tickets', customer, key, newTicket('Bad key'));
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json().error.fields[0].path).toBe('idempotency-key');
    }
    expect(await count(sql`tickets where account_id = ${accountId} and subject = ${'Bad key'}`)).toBe(0);
  });

  it('forgets keys after 24 hours', async () => {
    const key = randomUUID();
    await send('/api/client/tickets', customer, key, newTicket('Kept a day'));
    await sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = ${key}`.execute(ctx.db);
    expect(await idempotencyKeys(ctx.db).deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).executeTakeFirst()).toBeUndefined();
  });
});

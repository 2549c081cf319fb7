import { randomUUID } from 'node:crypto';
import type { EmailMeta } from '@centrala/contracts';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ticketQueries } from '../src/modules/tickets/index.js';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

/**
 * A message that came by email carries its EmailMeta (issue 12): agents see it, and the raw source it came from;
 * its customer never does, in any answer that shows them the ticket.
 */
describe('EmailMeta is staff only (issue 12 points 1, 3, 4)', () => {
  const ctx = useTestApp();
  let c: LoggedIn;
  let agent: LoggedIn;
  let reference: string;
  const inboundId = randomUUID();
  const raw = Buffer.from('From: "Ivana" <ivana@example.com>\r\nSubject: Poslu\u017eitelj\r\n\r\nTekst \xe8\r\n', 'latin1');
  const meta: EmailMeta = {
    inboundId,
    messageId: 'abc@example.com',
    from: { address: 'ivana@example.com', name: 'Ivana' },
    to: [{ address: 'support@centrala.test', name: '' }],
    cc: [],
    subject: 'Server',
    fullText: 'Hello\n\n> quoted history',
    html: '<p>Hello <img data-remote-src="https://tracker.example/x.png"></p>',
    hasRemoteImages: true,
    verification: {
      spf: { result: 'fail', reason: 'not allowed' },
      dkim: [{ result: 'fail', reason: 'bad signature', domain: 'example.com' }],
      dmarc: { result: 'fail', reason: 'no aligned pass', policy: 'reject' },
      arc: { result: 'none', reason: '' },
      dmarcPass: false,
      flags: ['display_name_spoof'],
    },
    autoKind: 'human',
    warnings: [],
  };

  beforeAll(async () => {
    const customer = await createCustomer(ctx.db);
    c = await login(ctx.app, customer.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const res = await postForm(ctx.app, '/api/client/tickets', c, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject: 'Mail',
      description: 'A question that came by email.',
    });
    expect(res.statusCode, res.body).toBe(201);
    reference = res.json<{ reference: string }>().reference;
    await sql`update ticket_messages set email = ${JSON.stringify(meta)}::jsonb where ticket_id = (select id from tickets where reference = ${reference})`.execute(
      ctx.db,
    );
    // Stored, then processed into that message (intake marks the row with the message it became).
    await sql`insert into inbound (id, channel, source_id, payload, raw, state, ticket_id, message_id)
              select ${inboundId}, 'email', ${`mid:${meta.messageId}`}, '{}'::jsonb, ${raw}, 'processed', m.ticket_id, m.id
              from ticket_messages m join tickets t on t.id = m.ticket_id where t.reference = ${reference}`.execute(ctx.db);
  });

  it('shows an agent the message’s EmailMeta', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/agent/tickets/${reference}`, headers: agent.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().messages[0].email).toEqual(meta);
  });

  it('never shows it to the customer: not in the detail, not in their reply’s answer', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/client/tickets/${reference}`, headers: c.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().messages[0]).not.toHaveProperty('email');
    expect(res.body).not.toContain('ivana@example.com');
    expect(res.body).not.toContain(inboundId);
    expect(res.json()).not.toHaveProperty('bouncing');
    const replied = await postForm(ctx.app, `/api/client/tickets/${reference}/replies`, c, { body: 'Still down.' });
    expect(replied.statusCode, replied.body).toBe(201);
    expect(replied.json()).not.toHaveProperty('email');
  });

  it('gives an agent the raw source as text, inline or as a download; the customer gets nothing', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/agent/inbound/${inboundId}/raw`, headers: agent.headers });
    expect(res.statusCode, res.body).toBe(200);
    // Not UTF-8 (a latin1 byte): every byte shows as itself.
    expect(res.headers['content-type']).toBe('text/plain; charset=iso-8859-1');
    expect(res.rawPayload.equals(raw)).toBe(true);
    expect(res.headers['content-disposition']).toMatch(/^inline/);
    const download = await ctx.app.inject({ method: 'GET', url: `/api/agent/inbound/${inboundId}/raw?download`, headers: agent.headers });
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${inboundId}.eml"`);
    const customer = await ctx.app.inject({ method: 'GET', url: `/api/agent/inbound/${inboundId}/raw`, headers: c.headers });
    expect(customer.statusCode).toBe(403);
    const unknown = await ctx.app.inject({ method: 'GET', url: `/api/agent/inbound/${randomUUID()}/raw`, headers: agent.headers });
    expect(unknown.statusCode).toBe(404);
    const junk = await ctx.app.inject({ method: 'GET', url: `/api/agent/inbound/not-a-uuid/raw`, headers: agent.headers });
    expect(junk.statusCode).toBe(404);
  });

  it('shows staff the requester’s hard-bouncing addresses (through the email module’s bouncingAddresses), never the customer', async () => {
    const asked: string[][] = [];
    const queries = ticketQueries(ctx.db, {
      bouncingAddresses: async (addresses) => {
        asked.push(addresses);
        return addresses.filter((a) => a === 'ivana@example.com').map((address) => ({ address, since: '2026-12-01T10:00:00.000Z' }));
      },
    });
    const ticket = (await queries.find(reference))!;
    const staff = await queries.detail(ticket.id, 'staff');
    expect(staff!.bouncing).toEqual([{ address: 'ivana@example.com', since: '2026-12-01T10:00:00.000Z' }]);
    // The mail's From is asked about (the form's requester has no email requester of its own).
    expect(asked.flat()).toContain('ivana@example.com');
    const customer = await queries.detail(ticket.id, 'customer');
    expect(customer).not.toHaveProperty('bouncing');
    expect(customer!.messages.some((m) => 'email' in m)).toBe(false);
  });
});

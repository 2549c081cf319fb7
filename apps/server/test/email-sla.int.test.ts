import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { createStaff, departmentId, login, useTestApp, type LoggedIn } from './helpers.js';
import { noDns } from './mail-in.js';

const ctx = useTestApp();

const mail = (messageId: string) =>
  Buffer.from(
    [
      'From: Ana Kovač <ana@example.org>',
      'To: support@centrala.test',
      'Subject: Pitanje o domeni',
      `Message-ID: <${messageId}>`,
      'Date: Sun, 6 Dec 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Kako promijeniti DNS zapise?',
      '',
    ].join('\r\n'),
  );

/** Issue 12 point 7 (R11, R16): the email channel's 30-minute target runs from receipt, and the contact page shows it. */
describe('email response times', () => {
  let modules: Modules;
  let admin: LoggedIn;

  beforeAll(async () => {
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
  });

  it('lists email on the contact page only once a support address is set, with that address and its own promise', async () => {
    const before = (await ctx.app.inject({ url: '/api/public/contact' })).json();
    expect(before.methods.map((m: { channel: string }) => m.channel)).toEqual(['ticket']);

    const technical = await departmentId(ctx.db, 'technical');
    for (const [address, purpose] of [
      ['support@centrala.test', 'support'],
      ['abuse@centrala.test', 'abuse'],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/mail-addresses',
        headers: admin.headers,
        payload: { address, departmentId: technical, purpose },
      });
      expect(res.statusCode).toBe(201);
    }

    const after = (await ctx.app.inject({ url: '/api/public/contact' })).json();
    const email = after.methods.find((m: { channel: string }) => m.channel === 'email');
    // The abuse desk's address is not a way to reach support.
    expect(email.addresses).toEqual(['support@centrala.test']);
    const within30 = { en: 'within 30 minutes', hr: 'u roku od 30 minuta' };
    expect(email.promises).toEqual([
      { priority: 'regular', promise: within30 },
      { priority: 'high', promise: within30 },
    ]);
    expect(after.methods.find((m: { channel: string }) => m.channel === 'ticket').addresses).toEqual([]);

    // Admins see and keep the email targets now that the channel is in service.
    const { policies } = (await ctx.app.inject({ url: '/api/admin/sla/policies', headers: admin.headers })).json();
    expect(policies.filter((p: { channel: string }) => p.channel === 'email')).toHaveLength(2);
  });

  it('starts the clock at receipt, not when a worker got to the mail', async () => {
    const stored = await modules.inboundEmail.store.store(mail('late-worker@example.org'), {
      kind: 'smtp',
      mailFrom: 'ana@example.org',
      rcptTo: ['support@centrala.test'],
      remoteIp: '127.0.0.1',
      helo: 'mail.example.org',
    });
    // Received 20 minutes ago; the workers were down until now.
    const receivedAt = new Date(Date.now() - 20 * 60_000);
    await ctx.db.updateTable('inbound').set({ received_at: receivedAt }).where('id', '=', stored.id).execute();
    await modules.inboundEmail.intake.drain();

    const ticket = await ctx.db
      .selectFrom('inbound')
      .innerJoin('tickets', 'tickets.id', 'inbound.ticket_id')
      .select(['tickets.channel', 'tickets.created_at', 'tickets.first_response_due_at', 'inbound.state'])
      .where('inbound.id', '=', stored.id)
      .executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ channel: 'email', state: 'processed' });
    expect(new Date(ticket.created_at).getTime()).toBe(receivedAt.getTime());
    // 30 minutes from receipt: 10 left, not 30.
    expect(new Date(ticket.first_response_due_at!).getTime()).toBe(receivedAt.getTime() + 30 * 60_000);
  });
});

import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, ticketForm, useTestApp, type LoggedIn } from './helpers.js';

describe('measured response times (issue 3, R7, R16)', () => {
  const ctx = useTestApp();
  let admin: LoggedIn;

  beforeAll(async () => {
    const customer = await createCustomer(ctx.db);
    const c = await login(ctx.app, customer.email);
    const technical = await departmentId(ctx.db, 'technical');
    // Five answered tickets with first responses of 60, 120, 180, 240 and 900 s; one unanswered and breached.
    const responses = [60, 120, 180, 240, 900, null];
    for (const [i, seconds] of responses.entries()) {
      const form = ticketForm({ departmentId: technical, priority: 'regular', subject: `Question ${i}`, description: 'How do I change my DNS records?' });
      const t = (await ctx.app.inject({ method: 'POST', url: '/api/client/tickets', headers: { ...c.headers, ...form.headers }, payload: form.payload })).json();
      const created = new Date(Date.now() - 3600_000);
      await ctx.db
        .updateTable('tickets')
        .set({
          created_at: created,
          first_response_at: seconds === null ? null : new Date(created.getTime() + seconds * 1000),
          first_response_breached: seconds === null || seconds > 600,
        })
        .where('id', '=', t.id)
        .execute();
    }
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
  });

  it('gives admins the median, p95 and breach rate per channel and department', async () => {
    const res = await ctx.app.inject({ url: '/api/admin/sla/figures', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const overall = res.json().last24h.find((f: { channel: string; departmentId: string | null }) => f.channel === 'ticket' && f.departmentId === null);
    expect(overall).toMatchObject({ tickets: 6, answered: 5, medianFirstResponseSeconds: 180, p95FirstResponseSeconds: 768 });
    expect(overall.breachRate).toBeCloseTo(2 / 6, 3);
    expect(res.json().last24h.some((f: { departmentId: string | null }) => f.departmentId !== null)).toBe(true);
    expect(res.json().hourly.length).toBeGreaterThan(0);
  });

  it('shows everyone the promises beside the measured medians on the contact page (R16)', async () => {
    const res = await ctx.app.inject({ url: '/api/public/contact' });
    expect(res.statusCode).toBe(200);
    const methods = Object.fromEntries(res.json().methods.map((m: { channel: string }) => [m.channel, m]));
    expect(methods.ticket).toMatchObject({ promisedSeconds: { min: null, max: 600 }, measuredMedianSeconds: 180, sampleSize: 5 });
    expect(methods.email.promisedSeconds).toEqual({ min: 900, max: 1800 });
    expect(methods.chat.promisedSeconds).toEqual({ min: 0, max: 0 });
    expect(Object.keys(methods)).toEqual(['ticket', 'chat', 'email', 'notifications']);
  });

  it('lets admins change a target, and no one else', async () => {
    const { policies } = (await ctx.app.inject({ url: '/api/admin/sla/policies', headers: admin.headers })).json();
    const ticketHigh = policies.find((p: { channel: string; priority: string }) => p.channel === 'ticket' && p.priority === 'high');
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/admin/sla/policies/${ticketHigh.id}`, headers: admin.headers, payload: { firstResponseSeconds: 300 } });
    expect(res.json().firstResponseSeconds).toBe(300);
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    expect((await ctx.app.inject({ url: '/api/admin/sla/figures', headers: agent.headers })).statusCode).toBe(403);
  });
});

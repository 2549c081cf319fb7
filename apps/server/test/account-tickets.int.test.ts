import { describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp } from './helpers.js';

describe("a customer's tickets on their directory page (issue 13 point 1)", () => {
  const ctx = useTestApp();

  it('lists every ticket of the account for staff, whatever its status, and nobody else’s', async () => {
    const customer = await createCustomer(ctx.db);
    const other = await createCustomer(ctx.db);
    const technical = await departmentId(ctx.db, 'technical');
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const file = async (who: typeof customer, subject: string) => {
      const res = await postForm(ctx.app, '/api/client/tickets', await login(ctx.app, who.email), {
        departmentId: technical,
        priority: 'regular',
        subject,
        description: 'Please have a look at our mail server.',
      });
      expect(res.statusCode).toBe(201);
      return res.json().reference as string;
    };
    const first = await file(customer, 'First question');
    const second = await file(customer, 'Second question');
    await file(other, 'Not theirs');
    // A closed ticket is still the customer's: the page shows it as the queue no longer does by default.
    const closed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agent/tickets/${first}`,
      headers: agent.headers,
      payload: { status: 'closed' },
    });
    expect(closed.statusCode).toBe(200);

    const res = await ctx.app.inject({ url: `/api/agent/accounts/${customer.accountId}/tickets`, headers: agent.headers });
    expect(res.statusCode).toBe(200);
    const tickets = res.json().tickets as { reference: string; status: string; accountId: string }[];
    expect(tickets.map((t) => t.reference).sort()).toEqual([first, second].sort());
    expect(tickets.find((t) => t.reference === first)?.status).toBe('closed');
    expect(tickets.every((t) => t.accountId === customer.accountId)).toBe(true);
  });

  it('the directory counts the account’s tickets beside its contacts and services (the tickets module’s count)', async () => {
    const customer = await createCustomer(ctx.db);
    const other = await createCustomer(ctx.db);
    const technical = await departmentId(ctx.db, 'technical');
    for (const who of [customer, customer, other]) {
      const res = await postForm(ctx.app, '/api/client/tickets', await login(ctx.app, who.email), {
        departmentId: technical,
        priority: 'regular',
        subject: 'A question',
        description: 'Please have a look at our mail server.',
      });
      expect(res.statusCode).toBe(201);
    }
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const res = await ctx.app.inject({ url: `/api/agent/directory/accounts/${customer.accountId}`, headers: agent.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toEqual({ contacts: 1, services: 1, tickets: 2 });
  });

  it('refuses customers and strangers, and a malformed id as a field error', async () => {
    const customer = await createCustomer(ctx.db);
    const c = await login(ctx.app, customer.email);
    const url = `/api/agent/accounts/${customer.accountId}/tickets`;
    expect((await ctx.app.inject({ url, headers: c.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ url })).statusCode).toBe(401);
    const agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const bad = await ctx.app.inject({ url: "/api/agent/accounts/1' or '1'='1/tickets", headers: agent.headers });
    expect(bad.statusCode).toBe(400);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

describe('the console title’s count: High tickets waiting for an agent (issue 10 point 5)', () => {
  const ctx = useTestApp();
  let customer: LoggedIn;
  let agent: LoggedIn;
  let technical: string;
  beforeAll(async () => {
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    technical = await departmentId(ctx.db, 'technical');
  });

  const file = async (priority: 'high' | 'regular') => {
    const res = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: technical,
      priority,
      subject: `A ${priority} ticket`,
      description: 'Nothing answers on port 443.',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ reference: string }>().reference;
  };
  const highWaiting = async (session: LoggedIn = agent) => {
    const res = await ctx.app.inject({ url: '/api/agent/queue-summary', headers: session.headers });
    return { status: res.statusCode, count: res.statusCode === 200 ? res.json<{ highWaiting: number }>().highWaiting : null };
  };

  it('counts open High tickets, not Regular ones nor those answered, and only for staff', async () => {
    const before = (await highWaiting()).count!;
    const first = await file('high');
    await file('high');
    await file('regular');
    expect((await highWaiting()).count).toBe(before + 2);
    // Answered: it waits for the customer now, not for an agent.
    expect((await postForm(ctx.app, `/api/agent/tickets/${first}/replies`, agent, { body: 'On it.' })).statusCode).toBe(201);
    expect((await highWaiting()).count).toBe(before + 1);
    // The customer writes again: it waits for an agent once more.
    expect((await postForm(ctx.app, `/api/client/tickets/${first}/replies`, customer, { body: 'Still down.' })).statusCode).toBe(201);
    expect((await highWaiting()).count).toBe(before + 2);
    expect((await highWaiting(customer)).status).toBe(403);
  });
});

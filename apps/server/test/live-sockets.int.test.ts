import type { ServerEvents } from '@centrala/contracts';
import { generate } from 'otplib';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '../src/events/index.js';
import { createCustomer, createStaff, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

type Alert = Parameters<ServerEvents['sla:alert']>[0];

/**
 * Sockets are authenticated when they connect; what changes later reaches
 * them at once, not on their next connection: an admin's change to a staff
 * user (issue 3, SLA alerts), and sessions that end, by logout or by expiring.
 */
describe('live sockets follow staff changes and ended sessions', () => {
  const ctx = useTestApp();
  /** An SLA warning about a ticket, as the timers emit it (live only: no durable listener hears it). */
  const warn = (ticketId: string) => domainEvents([]).emit(ctx.db, [{ type: 'sla.warning', ticketId }]);
  let admin: LoggedIn;
  let agentId: string;
  let socket: Socket<ServerEvents>;
  let address: string;
  const alerts: Alert[] = [];
  const tickets: Record<'technical' | 'financial', string> = { technical: '', financial: '' };
  const departments: Record<'technical' | 'financial', string> = { technical: '', financial: '' };

  beforeAll(async () => {
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    const customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    for (const slug of ['technical', 'financial'] as const) {
      departments[slug] = await departmentId(ctx.db, slug);
      const res = await postForm(ctx.app, '/api/client/tickets', customer, {
        departmentId: departments[slug],
        priority: 'high',
        subject: `A ${slug} problem`,
        description: 'The server is down since this morning.',
      });
      expect(res.statusCode, res.body).toBe(201);
      tickets[slug] = res.json().id;
    }
    const agent = await createStaff(ctx.db, 'agent');
    agentId = agent.userId;
    await ctx.db.insertInto('staff_departments').values({ user_id: agentId, department_id: departments.financial }).execute();
    const session = await login(ctx.app, agent.email);
    address = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    socket = await open(session);
    socket.on('sla:alert', (alert) => alerts.push(alert));
  });
  const opened: Socket<ServerEvents>[] = [];
  afterAll(() => {
    for (const s of opened) s.close();
  });

  const open = async (session: LoggedIn): Promise<Socket<ServerEvents>> => {
    const s: Socket<ServerEvents> = connect(address, {
      extraHeaders: { cookie: session.cookie },
      transports: ['websocket'],
      reconnection: false,
    });
    opened.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve);
      s.once('connect_error', reject);
    });
    return s;
  };
  const closed = (s: Socket<ServerEvents>) => new Promise<string>((resolve) => s.once('disconnect', resolve));

  /**
   * Sends an alert for each department's ticket, `last` last, and returns the
   * tickets whose alerts the socket heard: once the last has arrived (and a
   * moment more), the other would have arrived too.
   */
  const alertBoth = async (last: 'technical' | 'financial') => {
    await new Promise((r) => setTimeout(r, 200));
    alerts.length = 0;
    const first = last === 'technical' ? 'financial' : 'technical';
    await warn(tickets[first]);
    await warn(tickets[last]);
    await eventually(() => alerts.find((a) => a.ticketId === tickets[last]), 3000);
    await new Promise((r) => setTimeout(r, 200));
    return [...new Set(alerts.map((a) => a.ticketId))];
  };

  it("moves an agent's live socket to their new department's alerts", async () => {
    expect(await alertBoth('financial')).toEqual([tickets.financial]);

    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${agentId}`,
      headers: admin.headers,
      payload: { departmentIds: [departments.technical] },
    });
    expect(res.statusCode).toBe(200);
    // The change travels as an event like any other: alert until the socket hears its new department.
    alerts.length = 0;
    await eventually(async () => {
      await warn(tickets.technical);
      return alerts.find((a) => a.ticketId === tickets.technical);
    }, 3000);
    expect(await alertBoth('technical')).toEqual([tickets.technical]);
  });

  it('closes the live socket of a staff user who is disabled', async () => {
    const gone = closed(socket);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${agentId}`,
      headers: admin.headers,
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');
  });

  it("closes the socket of a session that logs out, and keeps the same user's other devices", async () => {
    const email = (await createCustomer(ctx.db)).email;
    const [laptop, phone] = [await login(ctx.app, email), await login(ctx.app, email)];
    const [laptopSocket, phoneSocket] = [await open(laptop), await open(phone)];
    const gone = closed(laptopSocket);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: laptop.headers })).statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');
    // The phone's session lives on, and so does its socket.
    await new Promise((r) => setTimeout(r, 300));
    expect(phoneSocket.connected).toBe(true);

    const phoneGone = closed(phoneSocket);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: phone.headers })).statusCode).toBe(200);
    expect(await phoneGone).toBe('io server disconnect');
  });

  it("tells a customer of an agent's answer, not of an internal note", async () => {
    const customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    const heard: string[] = [];
    (await open(customer)).on('ticket:changed', (change) => heard.push(`${change.reference} ${change.change}`));
    const t = (
      await postForm(ctx.app, '/api/client/tickets', customer, {
        departmentId: departments.technical,
        priority: 'regular',
        subject: 'Mail queue is stuck',
        description: 'Nothing leaves since 9:00.',
      })
    ).json();
    await eventually(() => heard.includes(`${t.reference} created`) || undefined, 3000);
    heard.length = 0;
    const post = async (body: Record<string, unknown>) => {
      const res = await postForm(ctx.app, `/api/agent/tickets/${t.reference}/replies`, admin, body);
      expect(res.statusCode, res.body).toBe(201);
    };
    const updatedAt = async () =>
      (await ctx.app.inject({ url: `/api/client/tickets/${t.reference}`, headers: customer.headers })).json<{ updatedAt: string }>()
        .updatedAt;
    const filed = await updatedAt();
    await post({ body: 'Internal: their MX points at the old cluster.', internal: true });
    // Nor does the customer's list show the ticket as updated by it, nor by an assignment.
    expect(await updatedAt()).toBe(filed);
    const active = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('kind', '=', 'staff')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    const assigned = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agent/tickets/${t.reference}`,
      headers: admin.headers,
      payload: { assigneeId: active.id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(await updatedAt()).toBe(filed);
    await post({ body: 'We have restarted the mail queue.' });
    expect(await updatedAt()).not.toBe(filed);
    await eventually(() => heard.length > 0 || undefined, 3000);
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toEqual([`${t.reference} message`]);
  });

  it('closes the socket of a session when it expires, not while activity pushes the expiry on', async () => {
    const { email, userId } = await createCustomer(ctx.db);
    const session = await login(ctx.app, email);
    const expireIn = (ms: number) =>
      ctx.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() + ms) })
        .where('user_id', '=', userId)
        .execute();
    await expireIn(1000);
    const s = await open(session);
    const gone = closed(s);
    // What a request does with a sliding expiry: the session now ends later than when the socket connected.
    await expireIn(3000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(s.connected).toBe(true);
    expect(await gone).toBe('io server disconnect');
  });
});

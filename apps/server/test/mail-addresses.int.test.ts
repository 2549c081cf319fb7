import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStaff, departmentId, login, useTestApp, type LoggedIn } from './helpers.js';

describe('admins edit the addresses the SMTP receiver serves (issue 12 point 1)', () => {
  const ctx = useTestApp();
  let admin: LoggedIn;
  let agent: LoggedIn;
  let technical: string;
  let financial: string;
  beforeAll(async () => {
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    technical = await departmentId(ctx.db, 'technical');
    financial = await departmentId(ctx.db, 'financial');
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: LoggedIn, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('adds (lower-cased), lists, edits and removes an address; a second one alike is refused', async () => {
    const created = await call('POST', '/api/admin/mail-addresses', admin, { address: ' Podrska@Example.HR ', departmentId: technical });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({ address: 'podrska@example.hr', departmentId: technical, purpose: 'support' });
    const again = await call('POST', '/api/admin/mail-addresses', admin, { address: 'podrska@example.hr', departmentId: technical });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('mail_address.taken');
    const patched = await call('PATCH', `/api/admin/mail-addresses/${a.id}`, admin, { departmentId: financial, purpose: 'abuse' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ departmentId: financial, purpose: 'abuse' });
    const list = await call('GET', '/api/admin/mail-addresses', admin);
    expect(list.json().addresses.map((x: { address: string }) => x.address)).toContain('podrska@example.hr');
    expect((await call('DELETE', `/api/admin/mail-addresses/${a.id}`, admin)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/admin/mail-addresses/${a.id}`, admin)).statusCode).toBe(404);
  });

  it('refuses a bad address, an unknown department and an agent', async () => {
    expect(
      (await call('POST', '/api/admin/mail-addresses', admin, { address: 'not an address', departmentId: technical })).statusCode,
    ).toBe(400);
    const unknown = await call('POST', '/api/admin/mail-addresses', admin, {
      address: 'x@example.hr',
      departmentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('department.unknown');
    expect((await call('GET', '/api/admin/mail-addresses', agent)).statusCode).toBe(403);
  });
});

import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { inboundMail } from '../src/modules/intake/index.js';
import { createStaff, departmentId, login, useTestApp, type LoggedIn } from './helpers.js';

describe('admin: mail addresses and stored mail (issue 12 points 1 and 2)', () => {
  const ctx = useTestApp();
  let admin: LoggedIn;
  beforeAll(async () => {
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
  });

  it('adds, lists, changes and removes an address; refuses a taken one, a +tag and an unknown department', async () => {
    const technical = await departmentId(ctx.db, 'technical');
    const financial = await departmentId(ctx.db, 'financial');
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/mail-addresses',
      headers: admin.headers,
      payload: { address: ' Support@Example.HR ', departmentId: technical },
    });
    expect(created.statusCode).toBe(201);
    const row = created.json<{ id: string; address: string; purpose: string }>();
    expect(row).toMatchObject({ address: 'support@example.hr', purpose: 'support' });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/mail-addresses',
      headers: admin.headers,
      payload: { address: 'support@example.hr', departmentId: technical },
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'mail_address.taken']);
    const plus = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/mail-addresses',
      headers: admin.headers,
      payload: { address: 'support+x@example.hr', departmentId: technical },
    });
    expect(plus.statusCode).toBe(400);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/mail-addresses',
      headers: admin.headers,
      payload: { address: 'x@example.hr', departmentId: '00000000-0000-4000-8000-000000000000' },
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'department.unknown']);
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/mail-addresses/${row.id}`,
      headers: admin.headers,
      payload: { departmentId: financial, purpose: 'abuse' },
    });
    expect(patched.json()).toMatchObject({ departmentId: financial, purpose: 'abuse' });
    const list = await ctx.app.inject({ url: '/api/admin/mail-addresses', headers: admin.headers });
    expect(list.json().addresses).toHaveLength(1);
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: `/api/admin/mail-addresses/${row.id}`, headers: admin.headers })).statusCode,
    ).toBe(204);
    const gone = await ctx.app.inject({ method: 'DELETE', url: `/api/admin/mail-addresses/${row.id}`, headers: admin.headers });
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'mail_address.not_found']);
  });

  it('lists stored mail by state and queues a replay', async () => {
    const stored = await inboundMail(ctx.db).store(Buffer.from('Message-ID: <adm@x>\r\nSubject: s\r\n\r\nb'), {
      kind: 'smtp',
      mailFrom: null,
      rcptTo: [],
      remoteIp: null,
      helo: null,
    });
    await ctx.db.updateTable('inbound').set({ state: 'failed', error: 'boom', attempts: 8 }).where('id', '=', stored.id).execute();
    const failed = await ctx.app.inject({ url: '/api/admin/inbound?state=failed', headers: admin.headers });
    expect(failed.json().messages).toEqual([
      expect.objectContaining({ id: stored.id, state: 'failed', error: 'boom', messageId: 'adm@x' }),
    ]);
    const replay = await ctx.app.inject({ method: 'POST', url: `/api/admin/inbound/${stored.id}/replay`, headers: admin.headers });
    expect([replay.statusCode, replay.json()]).toEqual([202, { id: stored.id, state: 'queued' }]);
    const missing = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/inbound/00000000-0000-4000-8000-000000000000/replay',
      headers: admin.headers,
    });
    expect(missing.statusCode).toBe(404);
  });
});

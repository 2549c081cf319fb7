import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStaff, login, useTestApp, type LoggedIn } from './helpers.js';

describe('admin: departments and staff (issue 2)', () => {
  const ctx = useTestApp();
  let admin: LoggedIn;
  let adminId: string;
  beforeAll(async () => {
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    adminId = a.userId;
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
  });

  it('has the seeded Technical and Financial departments with hr and en names (R2)', async () => {
    const res = await ctx.app.inject({ url: '/api/admin/departments', headers: admin.headers });
    expect(res.json().departments.map((d: { slug: string; nameHr: string; nameEn: string }) => [d.slug, d.nameHr, d.nameEn])).toEqual([
      ['technical', 'Tehnički problemi', 'Technical problems'],
      ['financial', 'Financijski problemi', 'Financial problems'],
    ]);
  });

  it('adds and edits a department; a taken slug is a field error in both languages', async () => {
    const payload = { slug: 'abuse', nameHr: 'Zlouporaba', nameEn: 'Abuse' };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/admin/departments', headers: admin.headers, payload });
    expect(created.statusCode).toBe(201);
    const dup = await ctx.app.inject({ method: 'POST', url: '/api/admin/departments', headers: admin.headers, payload });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0]).toMatchObject({ path: 'slug', message: { en: expect.any(String), hr: expect.any(String) } });
    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/departments/${created.json().id}`,
      headers: admin.headers,
      payload: { nameEn: 'Abuse desk', active: false },
    });
    expect(edited.json()).toMatchObject({ nameEn: 'Abuse desk', nameHr: 'Zlouporaba', active: false });
  });

  it('rejects bad department input with per-field errors', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/departments',
      headers: admin.headers,
      payload: { slug: 'Bad Slug!', nameHr: 'x' },
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.fields.map((f: { path: string }) => f.path)
      .sort();
    expect(paths).toEqual(['nameEn', 'nameHr', 'slug']);
    expect(res.json().error.fields.find((f: { path: string }) => f.path === 'nameEn').message.hr).toBe('Ovo polje je obavezno.');
  });

  it('calls an empty or blank name required, and a short one too short (issue 10 point 9)', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/departments',
      headers: admin.headers,
      payload: { slug: 'abuse-2', nameHr: '', nameEn: '   ', descriptionHr: 'x'.repeat(301) },
    });
    expect(res.statusCode).toBe(400);
    const message = (path: string) => res.json().error.fields.find((f: { path: string }) => f.path === path).message;
    expect(message('nameHr')).toEqual({ en: 'This field is required.', hr: 'Ovo polje je obavezno.' });
    expect(message('nameEn').en).toBe('This field is required.');
    expect(message('descriptionHr').hr).toBe('Unesite najviše 300 znakova.');
    const short = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/departments',
      headers: admin.headers,
      payload: { slug: 'abuse-2', nameHr: 'Z', nameEn: 'Abuse' },
    });
    expect(short.json().error.fields[0].message.hr).toBe('Unesite barem 2 znaka.');
  });

  it('creates staff, refuses a duplicate email, and never lets an admin demote themselves', async () => {
    const payload = { email: 'New.Agent@centrala.test', name: 'New Agent', role: 'agent', password: 'a long enough password' };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers, payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'new.agent@centrala.test', role: 'agent', totpEnabled: false });
    expect(created.body).not.toContain('password');
    const dup = await ctx.app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers, payload });
    expect(dup.json().error.code).toBe('staff.email_taken');
    const self = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${adminId}`,
      headers: admin.headers,
      payload: { role: 'agent' },
    });
    expect(self.json().error.code).toBe('staff.cannot_demote_self');
  });

  it('places agents in departments, whose SLA alerts they then get', async () => {
    const technical = (await ctx.db.selectFrom('departments').select('id').where('slug', '=', 'technical').executeTakeFirstOrThrow()).id;
    const payload = {
      email: 'tech.agent@centrala.test',
      name: 'Tech Agent',
      role: 'agent',
      password: 'a long enough password',
      departmentIds: [technical],
    };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers, payload });
    expect(created.json().departmentIds).toEqual([technical]);
    const cleared = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${created.json().id}`,
      headers: admin.headers,
      payload: { departmentIds: [] },
    });
    expect(cleared.json().departmentIds).toEqual([]);
    const bad = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${created.json().id}`,
      headers: admin.headers,
      payload: { departmentIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'department.unknown', fields: [expect.objectContaining({ path: 'departmentIds' })] });
  });

  it('disabling a user ends their sessions at once', async () => {
    const agent = await createStaff(ctx.db, 'agent');
    const s = await login(ctx.app, agent.email);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${agent.userId}`,
      headers: admin.headers,
      payload: { disabled: true },
    });
    expect(res.json().disabled).toBe(true);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
  });
});

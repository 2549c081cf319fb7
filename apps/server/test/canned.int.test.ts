import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

/** Canned responses that agents manage, with placeholders, and each agent's signature (issue 10 point 6). */
describe('canned responses and signatures (issue 10 point 6)', () => {
  const ctx = useTestApp();
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let c: LoggedIn;
  let ana: LoggedIn;
  let luka: LoggedIn;
  let admin: LoggedIn;
  let anaName: string;
  let adminId: string;
  let reference: string;

  beforeAll(async () => {
    customer = await createCustomer(ctx.db);
    c = await login(ctx.app, customer.email);
    const anaUser = await createStaff(ctx.db, 'agent');
    anaName = (await ctx.db.selectFrom('users').select('name').where('id', '=', anaUser.userId).executeTakeFirstOrThrow()).name;
    ana = await login(ctx.app, anaUser.email);
    luka = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const adminUser = await createStaff(ctx.db, 'admin', { totp: true });
    adminId = adminUser.userId;
    admin = await login(ctx.app, adminUser.email, { totp: await generate({ secret: adminUser.totpSecret! }) });
    const filed = await postForm(ctx.app, '/api/client/tickets', c, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject: 'Mail is slow',
      description: 'Mail takes an hour to arrive since this morning.',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    reference = filed.json().reference;
  });

  const create = (session: LoggedIn, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/agent/canned-responses', headers: session.headers, payload });
  const update = (session: LoggedIn, id: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PUT', url: `/api/agent/canned-responses/${id}`, headers: session.headers, payload });
  const remove = (session: LoggedIn, id: string) =>
    ctx.app.inject({ method: 'DELETE', url: `/api/agent/canned-responses/${id}`, headers: session.headers });
  const titlesSeenBy = async (session: LoggedIn) =>
    (await ctx.app.inject({ url: '/api/agent/canned-responses', headers: session.headers }))
      .json<{ responses: { title: string }[] }>()
      .responses.map((r) => r.title);

  it('creates, lists, edits and deletes a personal response that only its author sees', async () => {
    const created = await create(ana, { title: 'Ana personal', body: 'Hello {{customer.name}}', locale: 'en', shared: false });
    expect(created.statusCode, created.body).toBe(201);
    const response = created.json();
    expect(response).toMatchObject({ title: 'Ana personal', shared: false, canEdit: true, authorName: anaName, locale: 'en' });

    expect(await titlesSeenBy(ana)).toContain('Ana personal');
    // Nobody else sees it, not even an admin, and for them it does not exist.
    expect(await titlesSeenBy(luka)).not.toContain('Ana personal');
    expect(await titlesSeenBy(admin)).not.toContain('Ana personal');
    expect((await update(luka, response.id, { title: 'x', body: 'y', locale: 'en', shared: false })).json().error.code).toBe(
      'canned_response.not_found',
    );
    expect((await remove(admin, response.id)).statusCode).toBe(404);

    const edited = await update(ana, response.id, { title: 'Ana personal v2', body: 'Hi {{customer.name}}', locale: 'hr', shared: false });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Ana personal v2', body: 'Hi {{customer.name}}', locale: 'hr' });
    expect((await remove(ana, response.id)).statusCode).toBe(204);
    expect(await titlesSeenBy(ana)).not.toContain('Ana personal v2');
  });

  it('shares a response with all staff; only its author or an admin may change or delete it', async () => {
    const shared = (await create(ana, { title: 'Ana shared', body: 'We are on it.', locale: 'hr', shared: true })).json();
    expect(await titlesSeenBy(luka)).toContain('Ana shared');
    const lukaView = (await ctx.app.inject({ url: '/api/agent/canned-responses', headers: luka.headers }))
      .json<{ responses: { id: string; canEdit: boolean }[] }>()
      .responses.find((r) => r.id === shared.id);
    expect(lukaView?.canEdit).toBe(false);

    const byLuka = await update(luka, shared.id, { title: 'Hijacked', body: 'x', locale: 'hr', shared: true });
    expect(byLuka.statusCode).toBe(403);
    expect(byLuka.json().error.code).toBe('canned.not_editable');
    expect(byLuka.json().error.message.hr).toContain('autor');
    expect((await remove(luka, shared.id)).statusCode).toBe(403);

    const byAdmin = await update(admin, shared.id, {
      title: 'Ana shared (fixed by admin)',
      body: 'We are on it.',
      locale: 'hr',
      shared: true,
    });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json()).toMatchObject({ canEdit: true, authorName: anaName });

    // Made personal again by the admin, it goes back to its author alone.
    const unshared = await update(admin, shared.id, { title: 'Ana again personal', body: 'We are on it.', locale: 'hr', shared: false });
    expect(unshared.statusCode).toBe(200);
    expect(await titlesSeenBy(luka)).not.toContain('Ana again personal');
    expect(await titlesSeenBy(admin)).not.toContain('Ana again personal');
    expect(await titlesSeenBy(ana)).toContain('Ana again personal');

    // The responses Centrala was installed with are shared, authorless, and the admins' to look after.
    const installed = (await ctx.app.inject({ url: '/api/agent/canned-responses', headers: luka.headers }))
      .json<{ responses: { id: string; title: string; authorId: string | null; canEdit: boolean }[] }>()
      .responses.find((r) => r.title === 'Received, investigating')!;
    expect(installed).toMatchObject({ authorId: null, canEdit: false });
    expect((await remove(luka, installed.id)).statusCode).toBe(403);
    expect((await remove(admin, installed.id)).statusCode).toBe(204);

    // An installed one made personal by an admin becomes that admin's own: someone must still see it.
    const zaprimljeno = (await ctx.app.inject({ url: '/api/agent/canned-responses', headers: admin.headers }))
      .json<{ responses: { id: string; title: string; body: string }[] }>()
      .responses.find((r) => r.title === 'Zaprimljeno, provjeravamo')!;
    const adopted = await update(admin, zaprimljeno.id, { title: zaprimljeno.title, body: zaprimljeno.body, locale: 'hr', shared: false });
    expect(adopted.json()).toMatchObject({ shared: false, authorId: adminId, canEdit: true });
    expect(await titlesSeenBy(luka)).not.toContain('Zaprimljeno, provjeravamo');
    expect(await titlesSeenBy(admin)).toContain('Zaprimljeno, provjeravamo');
  });

  it('refuses an unknown or broken placeholder when saving, naming it in both languages', async () => {
    for (const body of ['Dear {{customer.nmae}},', 'Ref {{ticket.reference}', 'Hi {{ }} there']) {
      const res = await create(ana, { title: 'Typo', body, locale: 'en', shared: false });
      expect(res.statusCode, body).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('canned.unknown_placeholder');
      expect(error.fields).toEqual([expect.objectContaining({ path: 'body', code: 'unknown_placeholder' })]);
      expect(error.message.en).toContain('{{customer.name}}, {{ticket.reference}}, {{agent.name}}');
      expect(error.message.hr).toContain('Nepoznato polje za umetanje');
    }
    const typo = (await create(ana, { title: 'Typo', body: 'Dear {{customer.nmae}},', locale: 'en', shared: false })).json();
    expect(typo.error.message.en).toContain('{{customer.nmae}}');
    // Editing into a bad placeholder is refused too, and the response keeps its text.
    const good = (await create(ana, { title: 'Good', body: 'Dear {{ customer.name }},', locale: 'en', shared: false })).json();
    const bad = await update(ana, good.id, { title: 'Good', body: 'Dear {{agent.nme}},', locale: 'en', shared: false });
    expect(bad.json().error.code).toBe('canned.unknown_placeholder');
    expect(await titlesSeenBy(ana)).toContain('Good');
  });

  it('fills the placeholders for the ticket, in one pass, with hostile text kept as text; customer language first', async () => {
    // A customer whose name looks like a placeholder and like markup: inserted as it is, never filled again.
    const hostile = '{{agent.name}} <img src=x onerror=alert(1)>';
    await ctx.db.updateTable('users').set({ name: hostile, locale: 'en' }).where('id', '=', customer.userId).execute();
    const mine = (
      await create(ana, {
        title: 'Zz greeting',
        body: 'Dear {{customer.name}}, about {{ ticket.reference }}: {{agent.name}} here.',
        locale: 'en',
        shared: false,
      })
    ).json();
    const res = await ctx.app.inject({ url: `/api/agent/tickets/${reference.toLowerCase()}/canned-responses`, headers: ana.headers });
    expect(res.statusCode, res.body).toBe(200);
    const { language, responses } = res.json<{ language: string; responses: { id: string; locale: string; filled: string }[] }>();
    expect(language).toBe('en');
    expect(responses.find((r) => r.id === mine.id)?.filled).toBe(`Dear ${hostile}, about ${reference}: ${anaName} here.`);
    // English (the customer's language) first, then Croatian.
    const locales = responses.map((r) => r.locale);
    expect(locales.indexOf('hr')).toBeGreaterThan(locales.lastIndexOf('en'));

    await ctx.db.updateTable('users').set({ locale: 'hr' }).where('id', '=', customer.userId).execute();
    const hr = (await ctx.app.inject({ url: `/api/agent/tickets/${reference}/canned-responses`, headers: ana.headers })).json();
    expect(hr.language).toBe('hr');
    expect(hr.responses[0].locale).toBe('hr');
    expect((await ctx.app.inject({ url: '/api/agent/tickets/T-NONE-NONE/canned-responses', headers: ana.headers })).statusCode).toBe(404);
  });

  it('adds the signature under replies to customers, shows it to them and mails it, but never under internal notes', async () => {
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/agent/signature',
      headers: luka.headers,
      payload: { signature: '  Luka\nCentrala podrška <script>x</script>  ' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const signature = 'Luka\nCentrala podrška <script>x</script>';
    expect((await ctx.app.inject({ url: '/api/agent/signature', headers: luka.headers })).json()).toEqual({ signature });
    expect((await ctx.app.inject({ url: '/api/agent/signature', headers: ana.headers })).json()).toEqual({ signature: '' });

    const url = `/api/agent/tickets/${reference}/replies`;
    const replied = await postForm(ctx.app, url, luka, { body: 'We found the cause.' });
    expect(replied.statusCode, replied.body).toBe(201);
    expect(replied.json().body).toBe(`We found the cause.\n\n${signature}`);
    const note = await postForm(ctx.app, url, luka, { body: 'Internal: DNS again.', internal: true });
    expect(note.json().body).toBe('Internal: DNS again.');
    // Already signed by hand: not signed twice.
    const signedByHand = await postForm(ctx.app, url, luka, { body: `Fixed.\n\n${signature}` });
    expect(signedByHand.json().body).toBe(`Fixed.\n\n${signature}`);

    const seen = (await ctx.app.inject({ url: `/api/client/tickets/${reference}`, headers: c.headers })).json<{
      messages: { authorType: string; body: string }[];
    }>();
    expect(seen.messages.filter((m) => m.authorType === 'agent').map((m) => m.body)).toEqual([
      `We found the cause.\n\n${signature}`,
      `Fixed.\n\n${signature}`,
    ]);
    const mail = await ctx.db
      .selectFrom('outbox_emails')
      .select('text_body')
      .where('kind', '=', 'ticket_reply')
      .where('subject', 'like', `[${reference}]%`)
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    expect(mail.text_body.startsWith(`We found the cause.\n\n${signature}`)).toBe(true);

    // A signature longer than allowed is a field error, not a 500.
    const long = await ctx.app.inject({
      method: 'PUT',
      url: '/api/agent/signature',
      headers: luka.headers,
      payload: { signature: 'x'.repeat(1001) },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.fields[0].path).toBe('signature');
  });

  it('refuses customers (403) and strangers (401) everywhere, and bad ids as field errors', async () => {
    const requests = [
      { method: 'GET', url: '/api/agent/canned-responses' },
      { method: 'POST', url: '/api/agent/canned-responses', payload: { title: 't', body: 'b', locale: 'hr', shared: true } },
      {
        method: 'PUT',
        url: '/api/agent/canned-responses/00000000-0000-4000-8000-000000000000',
        payload: { title: 't', body: 'b', locale: 'hr', shared: true },
      },
      { method: 'DELETE', url: '/api/agent/canned-responses/00000000-0000-4000-8000-000000000000' },
      { method: 'GET', url: `/api/agent/tickets/${reference}/canned-responses` },
      { method: 'GET', url: '/api/agent/signature' },
      { method: 'PUT', url: '/api/agent/signature', payload: { signature: 'Mine now' } },
    ] as const;
    for (const r of requests) {
      const asCustomer = await ctx.app.inject({ ...r, headers: c.headers });
      expect(asCustomer.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(asCustomer.json().error.code).toBe('auth.forbidden');
      const anonymous = await ctx.app.inject({ ...r });
      expect(anonymous.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
    expect(await ctx.db.selectFrom('staff_signatures').select('user_id').where('user_id', '=', customer.userId).execute()).toEqual([]);

    const badId = await update(ana, 'not-a-uuid', { title: 't', body: 'b', locale: 'hr', shared: true });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe('request.invalid');
    const badLocale = await create(ana, { title: 't', body: 'b', locale: 'de', shared: true });
    expect(badLocale.json().error.fields[0].path).toBe('locale');
  });
});

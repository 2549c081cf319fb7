import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

describe('no user text reaches a mail header unsanitised (issue 9 point 10)', () => {
  const ctx = useTestApp();
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let c: LoggedIn;
  let agent: LoggedIn;
  beforeAll(async () => {
    customer = await createCustomer(ctx.db);
    c = await login(ctx.app, customer.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
  });

  it('folds a subject with CR LF onto one line in the acknowledgement and in the reply mail', async () => {
    const created = await postForm(ctx.app, '/api/client/tickets', c, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject: 'Invoice\r\nBcc: x@evil.example',
      description: 'The invoice for November is missing.',
      serviceId: customer.services[0]!.id,
      incident: { ipOrOrder: '', startedAtLocal: '2026-11-24T14:30', startedAtZone: 'Europe/Zagreb', diagnostics: '' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { reference } = created.json<{ reference: string }>();
    const replied = await postForm(ctx.app, `/api/agent/tickets/${reference}/replies`, agent, { body: 'Sent again.' });
    expect(replied.statusCode, replied.body).toBe(201);

    const mails = await ctx.db.selectFrom('outbox_emails').select(['subject', 'kind']).where('to_address', '=', customer.email).execute();
    expect(mails.map((m) => m.kind).sort()).toEqual(['ticket_acknowledged', 'ticket_reply']);
    for (const m of mails) {
      expect(m.subject).not.toMatch(/[\r\n]/);
      expect(m.subject).toContain('Invoice Bcc: x@evil.example');
    }
  });
});

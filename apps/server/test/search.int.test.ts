import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createStaff, departmentId, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

describe('agent search finds tickets whatever their status (issue 3 / R8, review)', () => {
  const ctx = useTestApp();
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let agent: LoggedIn;
  /** Filed in this order; `resolvedHigh` is then resolved and `closedRegular` closed, later. */
  let openRegular: string, openHigh: string, resolvedHigh: string, closedRegular: string;

  beforeAll(async () => {
    customer = await createCustomer(ctx.db, { services: [{ name: 'web-77', ips: ['192.0.2.77'] }] });
    const c = await login(ctx.app, customer.email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const technical = await departmentId(ctx.db, 'technical');
    const file = async (priority: 'regular' | 'high', subject: string, serviceId: string | null = null) => {
      const res = await postForm(ctx.app, '/api/client/tickets', c, {
        departmentId: technical,
        priority,
        subject,
        description: 'Certifikat je istekao.',
        serviceId,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ reference: string }>().reference;
    };
    openRegular = await file('regular', 'Open regular');
    openHigh = await file('high', 'Open high');
    resolvedHigh = await file('high', 'Resolved high', customer.services[0]!.id);
    closedRegular = await file('regular', 'Closed regular', customer.services[0]!.id);
    for (const [reference, status] of [
      [resolvedHigh, 'resolved'],
      [closedRegular, 'closed'],
    ]) {
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/agent/tickets/${reference}`,
        headers: agent.headers,
        payload: { status },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // The Regular ticket changed last: among resolved and closed tickets that puts it first, before the High one.
    for (const [reference, hoursAgo] of [
      [resolvedHigh, 2],
      [closedRegular, 1],
    ] as const) {
      await ctx.db
        .updateTable('tickets')
        .set({ updated_at: new Date(Date.now() - hoursAgo * 3_600_000) })
        .where('reference', '=', reference)
        .execute();
    }
  });

  const get = async (query: string) => {
    const res = await ctx.app.inject({ url: `/api/agent/tickets?${query}`, headers: agent.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ tickets: { reference: string }[]; nextCursor: string | null }>();
  };
  const search = async (q: string, more = '') => (await get(`q=${encodeURIComponent(q)}${more}`)).tickets.map((t) => t.reference);

  it('finds a resolved or closed ticket by its reference, in any case', async () => {
    expect(await search(resolvedHigh)).toEqual([resolvedHigh]);
    expect(await search(closedRegular.toLowerCase())).toEqual([closedRegular]);
    expect(await search(closedRegular.slice(2).toLowerCase())).toEqual([closedRegular]);
  });

  it('finds resolved and closed tickets by IP, order number, customer and words: after the active ones in queue order, the most recently changed first', async () => {
    expect(await search('192.0.2.77')).toEqual([closedRegular, resolvedHigh]);
    expect(await search(`#${customer.services[0]!.order_number}`)).toEqual([closedRegular, resolvedHigh]);
    // The resolved High ticket comes after the active Regular one: active tickets first.
    expect(await search('certifikat')).toEqual([openHigh, openRegular, closedRegular, resolvedHigh]);
    expect(await search(customer.email)).toEqual([openHigh, openRegular, closedRegular, resolvedHigh]);
  });

  it('finds words in another Croatian form than typed, without diacritics too', async () => {
    expect(await search('certifikati')).toEqual([openHigh, openRegular, closedRegular, resolvedHigh]);
    expect(await search('CERTIFIKATOM ISTEKAO')).toEqual([openHigh, openRegular, closedRegular, resolvedHigh]);
    expect(await search('certifikat nije')).toEqual([]);
  });

  it('pages from the active tickets into the resolved and closed ones, each ticket once', async () => {
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof get>> = await get(`q=certifikat&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.tickets.map((t) => t.reference));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, `limit ${limit}`).toEqual([openHigh, openRegular, closedRegular, resolvedHigh]);
    }
  });

  it('lists resolved and closed tickets, chosen as the status, most recently changed first, page by page', async () => {
    await ctx.db.updateTable('tickets').set({ status: 'closed' }).where('reference', '=', resolvedHigh).execute();
    try {
      const first = await get('status=closed&limit=1');
      const second = await get(`status=closed&limit=1&cursor=${first.nextCursor}`);
      expect([...first.tickets, ...second.tickets].map((t) => t.reference)).toEqual([closedRegular, resolvedHigh]);
      expect(second.nextCursor).toBeNull();
    } finally {
      await ctx.db.updateTable('tickets').set({ status: 'resolved' }).where('reference', '=', resolvedHigh).execute();
    }
  });

  it('pages through times that differ below the millisecond without skipping or repeating a ticket', async () => {
    // As rows written by SQL or an import carry them: the same millisecond, different microseconds.
    const at = (micro: number) => sql<Date>`'2026-11-20 10:00:00.123'::timestamptz + ${`${micro} microseconds`}::interval`;
    const done = [resolvedHigh, closedRegular];
    for (const [i, reference] of done.entries())
      await ctx.db
        .updateTable('tickets')
        .set({ updated_at: at(100 * (i + 1)), created_at: at(100 * (i + 1)) })
        .where('reference', '=', reference)
        .execute();
    for (const query of ['q=certifikat', `q=${encodeURIComponent(customer.email)}`]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof get>> = await get(`${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.tickets.map((t) => t.reference));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen, query).toEqual([openHigh, openRegular, closedRegular, resolvedHigh]);
    }
  });

  it('starts from the top for a cursor it did not give out, instead of failing', async () => {
    const made = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      made({ scope: -1, key: [] }),
      made({ scope: 1, key: ['not a time', 'x'] }),
      made({ scope: 0, key: [0, "'; drop table tickets; --", '2026-11-20T10:00:00.000000Z', '00000000-0000-0000-0000-000000000000'] }),
      'not base64 json',
    ]) {
      expect(await search('certifikat', `&cursor=${cursor}`)).toEqual([openHigh, openRegular, closedRegular, resolvedHigh]);
    }
  });

  it('keeps the queue without a search, and a search with a chosen status, to those statuses', async () => {
    expect((await get('')).tickets.map((t) => t.reference)).toEqual([openHigh, openRegular]);
    expect(await search('certifikat', '&status=closed')).toEqual([closedRegular]);
    expect(await search('certifikat', '&status=open')).toEqual([openHigh, openRegular]);
  });
});

describe('the queue filter takes only a staff id, me or none as the assignee (issue 3, review)', () => {
  const ctx = useTestApp();

  it('answers a bad assignee with a field error in hr and en, not a failed query', async () => {
    const staff = await createStaff(ctx.db, 'agent');
    const agent = await login(ctx.app, staff.email);
    const bad = await ctx.app.inject({ url: '/api/agent/tickets?assignee=nonsense', headers: agent.headers });
    expect(bad.statusCode, bad.body).toBe(400);
    // The same words as for a department that is not an id.
    expect(bad.json().error.fields).toEqual([
      { path: 'assignee', code: 'invalid_format.uuid', message: { en: 'The format is not valid.', hr: 'Oblik nije ispravan.' } },
    ]);
    for (const assignee of ['me', 'none', staff.userId]) {
      const res = await ctx.app.inject({ url: `/api/agent/tickets?assignee=${assignee}`, headers: agent.headers });
      expect(res.statusCode, `${assignee}: ${res.body}`).toBe(200);
    }
  });
});

describe('search finds words as typed as well as in other forms (issue 3, search)', () => {
  const ctx = useTestApp();
  let agent: LoggedIn;
  let hosts: string, invoice: string, spamTrap: string;

  beforeAll(async () => {
    const c = await login(ctx.app, (await createCustomer(ctx.db)).email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const technical = await departmentId(ctx.db, 'technical');
    const file = async (subject: string, description: string) => {
      const res = await postForm(ctx.app, '/api/client/tickets', c, { departmentId: technical, priority: 'regular', subject, description });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ reference: string }>().reference;
    };
    hosts = await file('Poslužitelji ne rade', 'Na web-01 i mail.horvat.hr radi PHP 8.2.1, pišite na ivan@horvat.hr.');
    invoice = await file('Račun', 'Račun 2026-114 je plaćen dvaput.');
    spamTrap = await file('Filter', 'Adresa spam-trap prima sve.');
  });

  const search = async (q: string) => {
    const res = await ctx.app.inject({ url: `/api/agent/tickets?q=${encodeURIComponent(q)}`, headers: agent.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ tickets: { reference: string }[] }>().tickets.map((t) => t.reference);
  };

  it('finds host names, addresses, versions and numbers, which the index keeps as one word each', async () => {
    for (const q of ['web-01', 'mail.horvat.hr', '8.2.1', 'ivan@horvat.hr']) expect(await search(q), q).toEqual([hosts]);
    expect(await search('2026-114')).toEqual([invoice]);
  });

  it('finds a word in another form and without its diacritics', async () => {
    expect(await search('posluzitelja')).toEqual([hosts]);
    expect(await search('racuna')).toEqual([invoice]);
  });

  it('searches a word shaped like a reference without its T- as a word too', async () => {
    expect(await search('spam-trap')).toEqual([spamTrap]);
    expect(await search(invoice.slice(2))).toEqual([invoice]);
  });
});

describe('search finds what agents type (issue 10 point 8)', () => {
  const ctx = useTestApp();
  let customer: LoggedIn, agent: LoggedIn;
  /** Each found by one of the four cases, and each a stranger to the others' searches. */
  let down: string, invoice: string, otherInvoice: string, diagnostics: string, repliedTo: string;

  beforeAll(async () => {
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    const technical = await departmentId(ctx.db, 'technical');
    const file = async (subject: string, description: string, files: Parameters<typeof postForm>[4] = []) => {
      const res = await postForm(
        ctx.app,
        '/api/client/tickets',
        customer,
        { departmentId: technical, priority: 'regular', subject, description },
        files,
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ reference: string }>().reference;
    };
    down = await file('Web ne odgovara', 'Stranica od jutros ne odgovara na zahtjeve.');
    invoice = await file('Uplata', 'Uplatili smo po računu R-2026-1187, a nije proknjiženo.');
    otherInvoice = await file('Uplata', 'Uplatili smo po računu R-2026-1188, a nije proknjiženo.');
    diagnostics = await file('Spor promet', 'Promet prema Zagrebu je spor.', [{ filename: 'mtr_izlaz-web01.txt', content: 'hop 1 …' }]);
    repliedTo = await file('Spor promet', 'Promet prema Splitu je spor.');
    const reply = async (session: LoggedIn, url: string, payload: object, filename: string) => {
      const res = await postForm(ctx.app, url, session, payload, [{ filename, content: 'log' }]);
      expect(res.statusCode, res.body).toBe(201);
    };
    await reply(customer, `/api/client/tickets/${repliedTo}/replies`, { body: 'Šaljem traceroute.' }, 'traceroute_split.log');
    await reply(agent, `/api/agent/tickets/${repliedTo}/replies`, { body: 'Za kolege.', internal: true }, 'nginx-konfiguracija.conf');
  });

  const search = async (q: string) => {
    const res = await ctx.app.inject({ url: `/api/agent/tickets?q=${encodeURIComponent(q)}`, headers: agent.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ tickets: { reference: string }[] }>().tickets.map((t) => t.reference);
  };

  it('finds a ticket by either group of its reference, in any case', async () => {
    const [first, second] = invoice.slice(2).split('-') as [string, string];
    expect(await search(first.toLowerCase())).toEqual([invoice]);
    expect(await search(second.toLowerCase())).toEqual([invoice]);
    expect(await search(second)).toEqual([invoice]);
    // The first half as read out, with its prefix.
    expect(await search(`t-${first.toLowerCase()}`)).toEqual([invoice]);
  });

  it('finds a verb in another person or number than typed', async () => {
    for (const q of ['odgovaraju', 'odgovaram', 'odgovarati', 'odgovarala']) expect(await search(q), q).toEqual([down]);
    expect(await search('ne odgovaraju')).toEqual([down]);
    // Each word still has to be there.
    expect(await search('odgovaraju promet')).toEqual([]);
  });

  it('finds a number inside a hyphenated code, and not the code next to it', async () => {
    expect(await search('1187')).toEqual([invoice]);
    expect(await search('1188')).toEqual([otherInvoice]);
    expect(await search('R-2026-1187')).toEqual([invoice]);
    expect(await search('2026 1187')).toEqual([invoice]);
  });

  it("finds a ticket by the name of any of its files, whole or by a part, the customer's at creation or anyone's in a reply", async () => {
    for (const q of ['mtr_izlaz-web01.txt', 'mtr_izlaz', 'izlaz', 'web01']) expect(await search(q), q).toEqual([diagnostics]);
    for (const q of ['traceroute_split.log', 'traceroute', 'nginx-konfiguracija.conf', 'nginx', 'konfiguracija'])
      expect(await search(q), q).toEqual([repliedTo]);
    // The words of the messages are found as before, the files' names add to them.
    expect(await search('Splitu')).toEqual([repliedTo]);
  });

  it('finds tickets written before migration 0014 once it has added their references and file names', async () => {
    // As intake wrote them before: the subject, description and diagnostics only.
    await ctx.db
      .updateTable('tickets')
      .set({ search_vector: sql`to_tsvector('centrala', subject)` })
      .where('reference', 'in', [invoice, diagnostics])
      .execute();
    const second = invoice.slice(-4);
    expect(await search(second)).toEqual([]);
    expect(await search('izlaz')).toEqual([]);
    const migration = await readFile(new URL('../src/db/migrations/0014_search_references_files.sql', import.meta.url), 'utf8');
    await sql.raw(migration).execute(ctx.db);
    expect(await search(second)).toEqual([invoice]);
    expect(await search('izlaz')).toEqual([diagnostics]);
  });
});

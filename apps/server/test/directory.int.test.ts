import type { AuditActor } from '@centrala/contracts';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { departmentId, eventually, useTestApp } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';
import { freePort } from './setup/free-port.js';

const cli: AuditActor = { kind: 'cli', id: null, label: 'cli' };
let n = 0;
const uniq = () => `${Date.now().toString(36)}-${n++}`;
const order = () => String(100000 + Math.floor(Math.random() * 899999));

describe('the directory: upserts by external id, bulk, audit (issue 13 points 1–2)', () => {
  const ctx = useTestApp();
  const dir = () => buildModules({ config: ctx.config, db: ctx.db }).directory;

  it('upserting the same account twice yields one row; the audit has one create and nothing for the identical second', async () => {
    const d = dir();
    const ext = `whmcs-${uniq()}`;
    const first = await d.upsertAccount({ externalId: ext, name: 'Acme d.o.o.', email: 'billing@acme.example' }, cli);
    const second = await d.upsertAccount({ externalId: ext, name: 'Acme d.o.o.', email: 'billing@acme.example' }, cli);
    expect(first.outcome).toBe('created');
    expect(second).toMatchObject({ outcome: 'unchanged', record: { id: first.record.id } });
    expect(await ctx.db.selectFrom('accounts').select('id').where('external_id', '=', ext).execute()).toHaveLength(1);
    const history = await d.history({ entity: 'account', entityId: first.record.id });
    expect(history.entries.map((e) => [e.action, e.actor.kind])).toEqual([['create', 'cli']]);
    const third = await d.upsertAccount({ externalId: ext, name: 'Acme Hosting d.o.o.', email: 'billing@acme.example' }, cli);
    expect(third.outcome).toBe('updated');
    const after = await d.history({ entity: 'account', entityId: first.record.id });
    expect(after.entries[0]).toMatchObject({ action: 'update', before: { name: 'Acme d.o.o.' }, after: { name: 'Acme Hosting d.o.o.' } });
  });

  it('two syncs sending the same new records at once store each once: the later one sees the first and changes nothing', async () => {
    const d = dir();
    const batch = Array.from({ length: 50 }, (_, i) => ({
      externalId: `race-${i}-${uniq()}`,
      name: `Race ${i}`,
      email: `race${i}@example.com`,
    }));
    const [a, b] = await Promise.all([d.upsertAccounts(batch, cli), d.upsertAccounts(batch, cli)]);
    expect([a.errors, b.errors]).toEqual([[], []]);
    expect(a.created + b.created).toBe(50);
    expect(a.unchanged + b.unchanged).toBe(50);
    const ids = batch.map((x) => x.externalId);
    const rows = await ctx.db.selectFrom('accounts').select('id').where('external_id', 'in', ids).execute();
    expect(rows).toHaveLength(50);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(audit).toHaveLength(50);
  });

  it('a bulk with bad items stores the others and names each bad item by index and field', async () => {
    const d = dir();
    const acct = `acct-${uniq()}`;
    await d.upsertAccounts([{ externalId: acct, name: 'Bulk Ltd', email: 'ops@bulk.example' }], cli);
    const taken = order();
    const items = [
      {
        externalId: `s-${uniq()}`,
        accountExternalId: acct,
        name: 'vps-1',
        orderNumber: `#${taken}`,
        product: 'VPS',
        location: 'Zagreb',
        ipAddresses: ['192.0.2.1'],
      },
      {
        externalId: `s-${uniq()}`,
        accountExternalId: acct,
        name: 'vps-2',
        orderNumber: order(),
        product: 'VPS',
        location: 'Zagreb',
        ipAddresses: ['192.0.2.300'],
      },
      {
        externalId: `s-${uniq()}`,
        accountExternalId: 'no-such-account',
        name: 'vps-3',
        orderNumber: order(),
        product: 'VPS',
        location: 'Zagreb',
      },
      { externalId: `s-${uniq()}`, accountExternalId: acct, name: 'vps-4', orderNumber: taken, product: 'VPS', location: 'Zagreb' },
      {
        externalId: `s-${uniq()}`,
        accountExternalId: acct,
        name: 'vps-5',
        orderNumber: order(),
        product: 'VPS',
        location: 'Osijek',
        ipAddresses: ['2001:db8::/48'],
      },
    ];
    const result = await d.upsertServices(items, cli);
    expect(result).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(result.errors.map((e) => [e.index, e.code, e.field])).toEqual([
      [1, 'request.invalid', 'ipAddresses.0'],
      [2, 'account.unknown', 'accountExternalId'],
      [3, 'service.order_number_taken', 'orderNumber'],
    ]);
    expect(result.items.map((i) => i.outcome)).toEqual(['created', 'error', 'error', 'error', 'created']);
    const again = await d.upsertServices([items[0], items[4]], cli);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [] });
  });
});

describe("a contact's address is registered for email while their account is enabled (issue 13 point 1, R12)", () => {
  const ctx = useTestApp();
  let modules: Modules;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;
  let transport: ReturnType<typeof nodemailer.createTransport>;

  beforeAll(async () => {
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
    const port = await freePort();
    mailIn = await startMailIn(modules, { port, maxBytes: 64 * 1024 });
    transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
  });
  afterAll(async () => {
    transport?.close();
    await mailIn?.stop();
  });

  const ticketOf = (messageId: string) =>
    eventually(
      () =>
        ctx.db
          .selectFrom('inbound')
          .innerJoin('tickets', 'tickets.id', 'inbound.ticket_id')
          .select(['tickets.account_id', 'tickets.requester_id', 'tickets.trust'])
          .where('inbound.mail_message_id', '=', messageId)
          .where('inbound.state', '=', 'processed')
          .executeTakeFirst(),
      10_000,
    );

  it('finds a provisioned contact (no password, no login) by address, and a disabled account’s contact no more', async () => {
    const ext = `mail-${uniq()}`;
    await modules.directory.upsertAccounts([{ externalId: ext, name: 'Mail Ltd', email: `office-${ext}@example.com` }], cli);
    const email = `tech-${ext}@example.com`;
    const result = await modules.directory.upsertContacts(
      [{ externalId: `c-${ext}`, accountExternalId: ext, name: 'Tech', email, roles: ['technical'], canLogIn: false }],
      cli,
    );
    const contactId = result.items[0]!.id;
    const account = (await ctx.db.selectFrom('accounts').select('id').where('external_id', '=', ext).executeTakeFirstOrThrow()).id;

    await transport.sendMail({
      from: email,
      to: 'support@centrala.test',
      subject: 'Disk',
      text: 'Disk full',
      messageId: `<a-${ext}@example.com>`,
    });
    expect(await ticketOf(`a-${ext}@example.com`)).toEqual({ account_id: account, requester_id: contactId, trust: 'email_claimed' });

    await modules.directory.updateAccount(account, { disabled: true }, cli);
    await transport.sendMail({
      from: email,
      to: 'support@centrala.test',
      subject: 'Disk',
      text: 'Again',
      messageId: `<b-${ext}@example.com>`,
    });
    expect(await ticketOf(`b-${ext}@example.com`)).toEqual({ account_id: null, requester_id: null, trust: 'anonymous' });
  });
});

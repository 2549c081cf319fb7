import type { AuditActor } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { buildModules } from '../src/modules.js';
import { useTestApp } from './helpers.js';

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

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { notificationAddressAccountsSql } from '../src/modules/notifications/index.js';
import { createCustomer, useTestApp } from './helpers.js';

describe('notification addresses: the notifications module reads them for others (issue 11 point 4)', () => {
  const ctx = useTestApp();

  it("names the accounts whose notification address (of any kind) a sender's address is, and none for another", async () => {
    const [a, b] = [await createCustomer(ctx.db), await createCustomer(ctx.db)];
    await ctx.db
      .insertInto('notification_addresses')
      .values([
        { account_id: a.accountId, kind: 'support', email: 'noc@shared.example' },
        { account_id: b.accountId, kind: 'billing', email: 'noc@shared.example' },
        { account_id: a.accountId, kind: 'abuse', email: 'abuse@a.example' },
      ])
      .execute();
    const accountsOf = async (address: string) =>
      (
        await sql<{
          account_id: string;
        }>`select x.account_id from ${notificationAddressAccountsSql(sql<string>`${address}::text`)} x`.execute(ctx.db)
      ).rows
        .map((r) => r.account_id)
        .sort();

    expect(await accountsOf('noc@shared.example')).toEqual([a.accountId, b.accountId].sort());
    expect(await accountsOf('abuse@a.example')).toEqual([a.accountId]);
    expect(await accountsOf('someone@else.example')).toEqual([]);
  });
});

import type { Db } from '../../../db/pool.js';

export type MailPurpose = 'support' | 'abuse';
export interface MailAddressRow {
  id: string;
  address: string;
  departmentId: string;
  purpose: MailPurpose;
  createdAt: string;
}

/** `Local+Tag@Example.HR` → `local@example.hr`: the address a `+` variant (our signed reply address) belongs to. */
export function baseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at <= 0) return a;
  const local = a.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}@${a.slice(at + 1)}`;
}

/** How long a lookup is trusted: the receiver asks once per recipient, an admin's change shows within this. */
const CACHE_MS = 5_000;

/** The addresses the receiver serves (table mail_addresses), each routed to a department (issue 12 point 1). */
export function mailAddresses(db: Db) {
  let cache: { at: number; byAddress: Map<string, { departmentId: string; purpose: MailPurpose }> } | null = null;
  const columns = ['id', 'address', 'department_id', 'purpose', 'created_at'] as const;
  const toRow = (r: { id: string; address: string; department_id: string; purpose: MailPurpose; created_at: Date }): MailAddressRow => ({
    id: r.id,
    address: r.address,
    departmentId: r.department_id,
    purpose: r.purpose,
    createdAt: new Date(r.created_at).toISOString(),
  });

  async function all(): Promise<Map<string, { departmentId: string; purpose: MailPurpose }>> {
    if (cache && Date.now() - cache.at < CACHE_MS) return cache.byAddress;
    const rows = await db.selectFrom('mail_addresses').select(['address', 'department_id', 'purpose']).execute();
    const byAddress = new Map(rows.map((r) => [r.address, { departmentId: r.department_id, purpose: r.purpose }]));
    cache = { at: Date.now(), byAddress };
    return byAddress;
  }

  return {
    /** The department and purpose an address (or its `+` variant) is routed to; null when it is not ours. */
    async lookup(address: string): Promise<{ address: string; departmentId: string; purpose: MailPurpose } | null> {
      const exact = address.trim().toLowerCase();
      const map = await all();
      const hit = map.get(exact) ?? map.get(baseAddress(exact));
      return hit ? { address: map.has(exact) ? exact : baseAddress(exact), ...hit } : null;
    },
    async list(): Promise<MailAddressRow[]> {
      return (await db.selectFrom('mail_addresses').select(columns).orderBy('address').execute()).map(toRow);
    },
    async create(input: { address: string; departmentId: string; purpose: MailPurpose }): Promise<MailAddressRow> {
      const row = await db
        .insertInto('mail_addresses')
        .values({ address: input.address.trim().toLowerCase(), department_id: input.departmentId, purpose: input.purpose })
        .returning(columns)
        .executeTakeFirstOrThrow();
      cache = null;
      return toRow(row);
    },
    async update(id: string, patch: { address?: string; departmentId?: string; purpose?: MailPurpose }): Promise<MailAddressRow | null> {
      const row = await db
        .updateTable('mail_addresses')
        .set({
          ...(patch.address !== undefined ? { address: patch.address.trim().toLowerCase() } : {}),
          ...(patch.departmentId !== undefined ? { department_id: patch.departmentId } : {}),
          ...(patch.purpose !== undefined ? { purpose: patch.purpose } : {}),
        })
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirst();
      cache = null;
      return row ? toRow(row) : null;
    },
    async remove(id: string): Promise<boolean> {
      const r = await db.deleteFrom('mail_addresses').where('id', '=', id).executeTakeFirst();
      cache = null;
      return r.numDeletedRows > 0n;
    },
  };
}
export type MailAddresses = ReturnType<typeof mailAddresses>;

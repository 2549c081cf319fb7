import type { ServiceInput, ServicePatch } from '@centrala/contracts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Errors } from '../../shared/errors.js';
import { accountRefs } from './account-refs.js';
import type { Kind } from './bulk.js';
import { DirectoryErrors } from './errors.js';
import type { ServiceRow } from './presenters.js';
import { anyOf, arrayLiteral, patched } from './writes-shared.js';

interface ServiceValues {
  id: string;
  account_id: string;
  external_id: string | null;
  name: string;
  order_number: string;
  product: string;
  location: string;
  status: ServiceRow['status'];
  ip_addresses: string[];
}

type ServiceFields = Omit<ServiceInput, 'accountId' | 'accountExternalId'>;
const fieldsOf = (row: ServiceRow): ServiceFields => ({
  ...(row.external_id !== null && { externalId: row.external_id }),
  name: row.name,
  orderNumber: row.order_number,
  product: row.product,
  location: row.location,
  status: row.status,
  ipAddresses: row.ip_addresses,
});

/** Services: matched by id (a patch) or external id; one without an external id is always new. Order numbers are unique. */
export const serviceKind = (): Kind<ServiceInput, ServicePatch, ServiceRow, ServiceValues> => ({
  entity: 'service',

  async prepare(trx, requests) {
    const inputs = requests.map((r) => (r.mode === 'update' ? r.patch : r.input));
    const [rows, accountOf] = await Promise.all([
      trx
        .selectFrom('services')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb(
              'id',
              '=',
              anyOf(
                requests.map((r) => (r.mode === 'update' ? r.id : undefined)),
                'uuid',
              ),
            ),
            eb('external_id', '=', anyOf(inputs.map((i) => i.externalId))),
            eb('order_number', '=', anyOf(inputs.map((i) => i.orderNumber))),
          ]),
        )
        .execute(),
      accountRefs(
        trx,
        requests.flatMap((r) => (r.mode === 'update' ? [] : [r.input])),
      ),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const byExternalId = new Map(rows.filter((r) => r.external_id !== null).map((r) => [r.external_id!, r]));
    const byOrder = new Map(rows.map((r) => [r.order_number, r]));

    return (request, claim) => {
      let before: ServiceRow | undefined;
      let accountId: string;
      let fields: ServiceFields;
      if (request.mode === 'update') {
        before = byId.get(request.id);
        if (!before) return { error: Errors.notFound('service') };
        accountId = before.account_id;
        fields = patched(fieldsOf(before), request.patch);
      } else {
        const account = accountOf(request.input);
        if ('error' in account) return account;
        accountId = account.id;
        fields = request.input;
        if (request.mode === 'upsert' && fields.externalId !== undefined) before = byExternalId.get(fields.externalId);
      }
      if (before && before.account_id !== accountId) return { error: DirectoryErrors.accountFixed('service') };
      const externalHolder = fields.externalId === undefined ? undefined : byExternalId.get(fields.externalId);
      if (externalHolder && externalHolder.id !== before?.id) return { error: DirectoryErrors.externalIdTaken('service') };
      const orderHolder = byOrder.get(fields.orderNumber);
      if (orderHolder && orderHolder.id !== before?.id) return { error: DirectoryErrors.orderNumberTaken() };
      const id = before?.id ?? randomUUID();
      if (fields.externalId !== undefined && !claim(`external:${fields.externalId}`))
        return { error: DirectoryErrors.externalIdTaken('service') };
      if (!claim(`order:${fields.orderNumber}`) || !claim(`id:${id}`)) return { error: DirectoryErrors.orderNumberTaken() };
      return {
        before: before ?? null,
        values: {
          id,
          account_id: accountId,
          external_id: fields.externalId ?? before?.external_id ?? null,
          name: fields.name,
          order_number: fields.orderNumber,
          product: fields.product,
          location: fields.location,
          status: fields.status,
          ip_addresses: fields.ipAddresses,
        },
      };
    };
  },

  // Addresses are compared as PostgreSQL stores them (`2001:0db8::1` is `2001:db8::1`): by the statement itself.
  differs: (b, v) =>
    b.external_id !== v.external_id ||
    b.name !== v.name ||
    b.order_number !== v.order_number ||
    b.product !== v.product ||
    b.location !== v.location ||
    b.status !== v.status ||
    b.ip_addresses.join(',') !== v.ip_addresses.join(','),

  async write(trx, values) {
    const col = <K extends keyof ServiceValues>(k: K) => values.map((v) => v[k]);
    const { rows } = await sql<ServiceRow & { inserted: boolean }>`
      insert into services (id, account_id, external_id, name, order_number, product, location, status, ip_addresses)
      select id, account_id, external_id, name, order_number, product, location, status, ip_addresses::inet[]
      from unnest(${col('id')}::uuid[], ${col('account_id')}::uuid[], ${col('external_id')}::text[], ${col('name')}::text[],
        ${col('order_number')}::text[], ${col('product')}::text[], ${col('location')}::text[], ${col('status')}::text[],
        ${values.map((v) => arrayLiteral(v.ip_addresses))}::text[])
        as i(id, account_id, external_id, name, order_number, product, location, status, ip_addresses)
      on conflict (id) do update set external_id = excluded.external_id, name = excluded.name, order_number = excluded.order_number,
        product = excluded.product, location = excluded.location, status = excluded.status, ip_addresses = excluded.ip_addresses,
        updated_at = now()
      where (services.external_id, services.name, services.order_number, services.product, services.location, services.status,
          services.ip_addresses)
        is distinct from (excluded.external_id, excluded.name, excluded.order_number, excluded.product, excluded.location,
          excluded.status, excluded.ip_addresses)
      returning services.*, (xmax = 0) as inserted`.execute(trx);
    return rows;
  },

  accountOf: (row) => row.account_id,
  snapshot: (row) => ({
    externalId: row.external_id,
    name: row.name,
    orderNumber: row.order_number,
    product: row.product,
    location: row.location,
    status: row.status,
    ipAddresses: row.ip_addresses,
  }),

  conflictOf: (constraint) =>
    constraint === 'services_order_number_key'
      ? DirectoryErrors.orderNumberTaken()
      : constraint === 'services_external_id_key'
        ? DirectoryErrors.externalIdTaken('service')
        : undefined,
});

import type { Contact, DirectoryAccount, ServiceRecord } from '@centrala/contracts';
import type { Selectable } from 'kysely';
import type { AccountsTable, ServicesTable, UsersTable } from '../../db/schema.js';

export type AccountRow = Selectable<AccountsTable>;
export type ContactRow = Selectable<UsersTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type Counts = DirectoryAccount['counts'];

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

export function presentDirectoryAccount(row: AccountRow, counts: Counts): DirectoryAccount {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    disabledAt: isoOrNull(row.disabled_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    counts,
  };
}

export function presentContact(row: ContactRow): Contact {
  return {
    id: row.id,
    accountId: row.account_id!,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    locale: row.locale,
    roles: row.roles,
    canLogIn: row.can_log_in,
    hasPassword: row.password_hash !== null,
    disabledAt: isoOrNull(row.disabled_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentServiceRecord(row: ServiceRow): ServiceRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    externalId: row.external_id,
    name: row.name,
    orderNumber: row.order_number,
    product: row.product,
    location: row.location,
    status: row.status,
    ipAddresses: row.ip_addresses,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

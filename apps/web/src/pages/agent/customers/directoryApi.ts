import { AuditPage, Contact, DirectoryAccount, Page, ServiceRecord, TicketList } from '@centrala/contracts';
import { apiGet } from '../../../api';

/**
 * The staff directory's routes (issue 13 point 1): agents read, admins also write. Every path and query key the
 * customer screens use is here, so a list and the page that changes it invalidate the same keys.
 */
const read = '/api/agent/directory';
const write = '/api/admin/directory';

/** Agents read under /api/agent, only admins write under /api/admin. */
export const directoryPaths = {
  accounts: `${read}/accounts`,
  account: (id: string) => `${read}/accounts/${encodeURIComponent(id)}`,
  contacts: `${read}/contacts`,
  services: `${read}/services`,
  audit: (accountId: string) => `${read}/accounts/${encodeURIComponent(accountId)}/history`,
  create: (kind: 'accounts' | 'contacts' | 'services') => `${write}/${kind}`,
  update: (kind: 'accounts' | 'contacts' | 'services', id: string) => `${write}/${kind}/${encodeURIComponent(id)}`,
};

export const directoryKeys = {
  all: ['directory'] as const,
  accounts: (q: string, offset: number) => ['directory', 'accounts', q, offset] as const,
  account: (id: string) => ['directory', 'account', id] as const,
  contacts: (accountId: string) => ['directory', 'contacts', accountId] as const,
  services: (accountId: string) => ['directory', 'services', accountId] as const,
  audit: (accountId: string) => ['directory', 'audit', accountId] as const,
  tickets: (accountId: string) => ['directory', 'tickets', accountId] as const,
};

export const PAGE_SIZE = 25;

export function fetchAccounts(q: string, offset: number) {
  const search = new URLSearchParams({ q, offset: String(offset), limit: String(PAGE_SIZE) });
  return apiGet(`${directoryPaths.accounts}?${search}`, Page(DirectoryAccount));
}

export function fetchAccount(id: string) {
  return apiGet(directoryPaths.account(id), DirectoryAccount);
}

/** An account has few contacts and services; one page of the most the API gives is all of them. */
export function fetchContacts(accountId: string) {
  return apiGet(`${directoryPaths.contacts}?${new URLSearchParams({ accountId, limit: '200' })}`, Page(Contact));
}

export function fetchServices(accountId: string) {
  return apiGet(`${directoryPaths.services}?${new URLSearchParams({ accountId, limit: '200' })}`, Page(ServiceRecord));
}

export function fetchAudit(accountId: string, cursor: string | null) {
  const search = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  return apiGet(`${directoryPaths.audit(accountId)}${search}`, AuditPage);
}

/** The customer's tickets, newest first, whatever their status (the tickets module's route). */
export function fetchTickets(accountId: string) {
  return apiGet(`/api/agent/accounts/${encodeURIComponent(accountId)}/tickets`, TicketList);
}

import { AccountWithServices, Department, TicketDetail, TicketList } from '@centrala/contracts';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiGet, isApiError, unwrap } from '../../../api';
import { useLocale } from '../../../i18n';

export const clientTicketKeys = {
  all: ['client', 'tickets'],
  list: ['client', 'tickets', 'list'],
  detail: (reference: string) => ['client', 'tickets', 'detail', reference],
  departments: ['client', 'departments'],
  // Shared with the services page, which loads the same account.
  account: ['client', 'account'],
} as const;

export const ticketPath = (reference: string) => `/client/tickets/${encodeURIComponent(reference)}`;

/** References are upper case; one typed into the address bar in lower case is the same ticket, under the same cache key. */
const canonical = (reference: string) => reference.toUpperCase();

export function useTicketList() {
  return useQuery({
    queryKey: clientTicketKeys.list,
    queryFn: () => apiGet('/api/client/tickets', TicketList),
  });
}

/** Agents answer while the customer looks at the page, so the ticket is polled. */
export function useTicket(typed: string) {
  const reference = canonical(typed);
  return useQuery({
    queryKey: clientTicketKeys.detail(reference),
    queryFn: () => apiGet(`/api/client/tickets/${encodeURIComponent(reference)}`, TicketDetail),
    // A missing or foreign ticket (4xx) will not appear by asking again.
    refetchInterval: (query) => (isApiError(query.state.error) && query.state.error.status < 500 ? false : 10_000),
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: clientTicketKeys.departments,
    queryFn: () => apiGet('/api/client/departments', unwrap('departments', Department.array())),
    // Departments change rarely; one load per visit is plenty.
    staleTime: 5 * 60_000,
  });
}

export function useAccount() {
  return useQuery({
    queryKey: clientTicketKeys.account,
    queryFn: () => apiGet('/api/client/account', AccountWithServices),
  });
}

/** Department names in the current language; an id the list does not know (inactive department) gives null. */
export function useDepartmentName(): (id: string) => string | null {
  const locale = useLocale();
  const { data } = useDepartments();
  return useCallback(
    (id: string) => {
      const department = data?.find((d) => d.id === id);
      if (!department) return null;
      return locale === 'hr' ? department.nameHr : department.nameEn;
    },
    [data, locale],
  );
}

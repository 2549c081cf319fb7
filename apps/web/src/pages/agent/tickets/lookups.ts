import { Department, StaffOption } from '@centrala/contracts';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiGet, unwrap } from '../../../api';
import { useLocale } from '../../../i18n';
import { ticketQueryKeys } from './queryKeys';

// Departments and staff change rarely; five minutes of reuse saves a request per page.
const staleTime = 5 * 60_000;

export function useDepartments() {
  return useQuery({
    queryKey: ticketQueryKeys.departments,
    queryFn: () => apiGet('/api/agent/departments', unwrap('departments', Department.array())),
    staleTime,
  });
}

export function useStaff() {
  return useQuery({
    queryKey: ticketQueryKeys.staff,
    queryFn: () => apiGet('/api/agent/staff', unwrap('staff', StaffOption.array())),
    staleTime,
  });
}

/** A department's name in the current language; the id itself until the list has loaded. */
export function useDepartmentName(): (id: string | null | undefined) => string {
  const locale = useLocale();
  const { data } = useDepartments();
  return useCallback(
    (id) => {
      const department = data?.find((candidate) => candidate.id === id);
      if (!department) return id ?? '—';
      return locale === 'hr' ? department.nameHr : department.nameEn;
    },
    [data, locale],
  );
}

import { Department } from '@centrala/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiGet, unwrap } from '../../../api';
import { useLocale } from '../../../i18n';
import { adminQueryKeys } from '../queryKeys';

/** The departments as Select options, and a department's name by id, in the admin's language. */
export function useDepartmentOptions() {
  const locale = useLocale();
  const departments = useQuery({
    queryKey: adminQueryKeys.departments,
    queryFn: () => apiGet('/api/admin/departments', unwrap('departments', Department.array())),
  });
  const list = departments.data ?? [];
  const nameOf = (id: string | null) => {
    const d = list.find((x) => x.id === id);
    return d ? (locale === 'hr' ? d.nameHr : d.nameEn) : '';
  };
  return { options: list.map((d) => ({ value: d.id, label: locale === 'hr' ? d.nameHr : d.nameEn })), nameOf, query: departments };
}

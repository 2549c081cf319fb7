import type { Service } from '@centrala/contracts';
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const statusColor: Record<Service['status'], string> = {
  active: 'green',
  pending: 'yellow',
  suspended: 'red',
  cancelled: 'gray',
};

export function ServiceStatusBadge({ status }: { status: Service['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light">
      {t(`services.statuses.${status}`)}
    </Badge>
  );
}

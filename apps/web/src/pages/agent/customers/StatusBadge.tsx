import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { wholeBadgeLabel } from '../../../tickets/badges';

/** Shown beside a disabled customer or contact, in words, so it reads without colour. */
export function AccountStatusBadge({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge styles={wholeBadgeLabel} variant={disabled ? 'outline' : 'light'} color={disabled ? 'red' : 'green'} data-testid="status-badge">
      {disabled ? t('directory.status.disabled') : t('directory.status.active')}
    </Badge>
  );
}

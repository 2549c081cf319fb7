import { IconServer, IconTicket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AppLayout } from './AppLayout';

export function ClientLayout() {
  const { t } = useTranslation();
  return (
    <AppLayout
      data-testid="client-area"
      nav={[
        { to: '/client', label: t('nav.services'), icon: <IconServer size={18} />, end: true },
        { to: '/client/tickets', label: t('clientTickets.nav'), icon: <IconTicket size={18} /> },
      ]}
    />
  );
}

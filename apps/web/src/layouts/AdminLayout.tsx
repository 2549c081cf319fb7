import {
  IconAt,
  IconBuilding,
  IconLogin2,
  IconClockHour4,
  IconHeadset,
  IconInbox,
  IconKey,
  IconMail,
  IconUserShield,
  IconWebhook,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AppLayout } from './AppLayout';

export function AdminLayout() {
  const { t } = useTranslation();
  return (
    <AppLayout
      data-testid="admin-shell"
      nav={[
        { to: '/admin/users', label: t('nav.staffUsers'), icon: <IconUserShield size={18} /> },
        { to: '/admin/departments', label: t('nav.departments'), icon: <IconBuilding size={18} /> },
        { to: '/admin/api-tokens', label: t('nav.apiTokens'), icon: <IconKey size={18} /> },
        { to: '/admin/mail-addresses', label: t('email.admin.nav.addresses'), icon: <IconAt size={18} /> },
        { to: '/admin/mailboxes', label: t('email.admin.nav.mailboxes'), icon: <IconInbox size={18} /> },
        { to: '/admin/billing-sso', label: t('sso.admin.nav'), icon: <IconLogin2 size={18} /> },
        { to: '/admin/outbox', label: t('nav.outbox'), icon: <IconMail size={18} /> },
        { to: '/admin/webhooks', label: t('webhooks.nav'), icon: <IconWebhook size={18} /> },
        { to: '/admin/sla', label: t('agentTickets.nav.sla'), icon: <IconClockHour4 size={18} /> },
      ]}
      otherAreas={[{ to: '/agent', label: t('nav.agentConsole'), icon: <IconHeadset size={18} /> }]}
    />
  );
}

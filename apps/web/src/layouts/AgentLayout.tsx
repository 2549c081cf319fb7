import { IconListDetails, IconMessageDots, IconSettings, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/session';
import { LiveIndicator } from '../realtime/LiveIndicator';
import { RealtimeAlerts } from '../realtime/RealtimeAlerts';
import { AppLayout, type NavItem } from './AppLayout';

export function AgentLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const otherAreas: NavItem[] =
    user.role === 'admin' ? [{ to: '/admin', label: t('nav.administration'), icon: <IconSettings size={18} /> }] : [];
  return (
    <>
      <RealtimeAlerts />
      <AppLayout
        data-testid="agent-console"
        nav={[
          { to: '/agent', label: t('agentTickets.nav.queue'), icon: <IconListDetails size={18} />, end: true },
          { to: '/agent/customers', label: t('nav.customers'), icon: <IconUsers size={18} /> },
          { to: '/agent/canned-responses', label: t('canned.nav'), icon: <IconMessageDots size={18} /> },
        ]}
        otherAreas={otherAreas}
        headerSection={<LiveIndicator />}
      />
    </>
  );
}

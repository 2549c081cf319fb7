import { AppShell, Burger, Group, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { UserMenu } from '../components/UserMenu';

export interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** Active on this exact path only: an area's home (`/client`) prefixes every other page of the area. */
  end?: boolean;
}

interface AppLayoutProps {
  nav: NavItem[];
  /** Secondary links, e.g. to another area the user may also enter. */
  otherAreas?: NavItem[];
  /** Extra status in the header beside the language switch, e.g. the agent console's live indicator. */
  headerSection?: ReactNode;
  'data-testid'?: string;
}

/** The logged-in frame: header with logo, language and account menu; navbar that folds into a burger on phones. */
export function AppLayout({ nav, otherAreas = [], headerSection, 'data-testid': testId }: AppLayoutProps) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();

  const isActive = ({ to, end = false }: NavItem) => pathname === to || (!end && pathname.startsWith(`${to}/`));
  const links = (items: NavItem[]) =>
    items.map((item) => (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label}
        leftSection={item.icon}
        active={isActive(item)}
        aria-current={isActive(item) ? 'page' : undefined}
        onClick={close}
      />
    ));

  return (
    <AppShell
      data-testid={testId}
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('header.closeNavigation') : t('header.openNavigation')}
              aria-expanded={opened}
            />
            <Logo />
          </Group>
          <Group gap="sm" wrap="nowrap">
            {headerSection}
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('header.mainNavigation')}>
        <AppShell.Section grow component={ScrollArea}>
          {links(nav)}
        </AppShell.Section>
        {otherAreas.length > 0 && <AppShell.Section>{links(otherAreas)}</AppShell.Section>}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

import { AppShell, Container, Group } from '@mantine/core';
import { Outlet } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';

/** Pages reachable without the app frame (login, password reset, 2FA enrolment, 404). */
export function PublicLayout() {
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Logo />
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Container size={440} py={{ base: 'lg', sm: 48 }}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

import { Avatar, Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconDevicesOff, IconKey, IconLogout, IconShieldLock, IconSignature } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../auth/session';
import { useLogout } from '../auth/useLogout';

export function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const logout = useLogout();

  return (
    <Group gap="xs" wrap="nowrap">
      <Menu position="bottom-end" width={260} withinPortal>
        <Menu.Target>
          <UnstyledButton aria-label={t('header.userMenu', { name: user.name })} px={4} py={2}>
            <Group gap={8} wrap="nowrap">
              {/* A person icon, not initials: visible letters missing from the button's name break speech control. */}
              <Avatar size="sm" radius="xl" color="indigo" aria-hidden />
              <Text size="sm" fw={500} visibleFrom="sm" truncate maw={180}>
                {user.name}
              </Text>
              <IconChevronDown size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{user.email}</Menu.Label>
          <Menu.Item component={Link} to="/change-password" leftSection={<IconKey size={16} />}>
            {t('account.menu.changePassword')}
          </Menu.Item>
          <Menu.Item component={Link} to="/security" leftSection={<IconShieldLock size={16} />}>
            {t('account.menu.security')}
          </Menu.Item>
          {user.kind === 'staff' && (
            <Menu.Item component={Link} to="/agent/canned-responses#signature" leftSection={<IconSignature size={16} />}>
              {t('canned.signature.title')}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate(false)}>
            {t('header.logout')}
          </Menu.Item>
          <Menu.Item leftSection={<IconDevicesOff size={16} />} onClick={() => logout.mutate(true)}>
            {t('header.logoutAll')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Button
        visibleFrom="sm"
        variant="default"
        size="xs"
        leftSection={<IconLogout size={14} />}
        loading={logout.isPending && !logout.variables}
        onClick={() => logout.mutate(false)}
      >
        {t('header.logout')}
      </Button>
    </Group>
  );
}

import { Department, StaffRole, StaffUser, StaffUserPatch } from '@centrala/contracts';
import { ActionIcon, Badge, Button, Group, Modal, MultiSelect, Select, Stack, Switch, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, unwrap } from '../../api';
import { useCurrentUser } from '../../auth/session';
import { QueryState, useErrorMessage } from '../../components/QueryState';
import { useFormatDateTime } from '../../i18n';
import { AddUserModal } from './AddUserModal';
import { wholeBadgeLabel } from '../../tickets/badges';
import { adminQueryKeys } from './queryKeys';

type StaffUserChange = ReturnType<typeof StaffUserPatch.parse>;

export function UsersPage() {
  const { t } = useTranslation();
  const [adding, { open, close }] = useDisclosure(false);
  const users = useQuery({
    queryKey: adminQueryKeys.users,
    queryFn: () => apiGet('/api/admin/users', unwrap('users', StaffUser.array())),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('users.title')}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={open}>
          {t('users.add')}
        </Button>
      </Group>
      <QueryState query={users}>
        {(list) => (list.length === 0 ? <Text c="dimmed">{t('users.empty')}</Text> : <UsersTable users={list} />)}
      </QueryState>
      <AddUserModal opened={adding} onClose={close} />
    </Stack>
  );
}

function UsersTable({ users }: { users: StaffUser[] }) {
  const { t, i18n } = useTranslation();
  const departments = useQuery({
    queryKey: adminQueryKeys.departments,
    queryFn: () => apiGet('/api/admin/departments', unwrap('departments', Department.array())),
  });
  const departmentOptions = (departments.data ?? []).map((d) => ({ value: d.id, label: i18n.language === 'hr' ? d.nameHr : d.nameEn }));
  const me = useCurrentUser();
  const formatDateTime = useFormatDateTime();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();

  // Disabling signs the user out everywhere at once, so it is confirmed first; enabling is not.
  const [disabling, setDisabling] = useState<StaffUser | null>(null);

  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: StaffUserChange; name: string }) =>
      apiSend('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, patch),
    onSuccess: (_data, { patch, name }) =>
      notifications.show({
        color: 'green',
        message: patch.mustChangePassword ? t('account.admin.requirePasswordDone', { name }) : t('common.saved'),
      }),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminQueryKeys.users }),
  });
  const pendingId = update.isPending ? update.variables.id : null;

  const roleOptions = StaffRole.options.map((role) => ({ value: role, label: t(`users.roles.${role}`) }));

  return (
    <>
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing="sm" withTableBorder highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.name')}</Table.Th>
              <Table.Th>{t('users.email')}</Table.Th>
              <Table.Th>{t('users.role')}</Table.Th>
              <Table.Th>{t('users.alertDepartments')}</Table.Th>
              <Table.Th>{t('users.totp')}</Table.Th>
              <Table.Th>{t('account.admin.passwordColumn')}</Table.Th>
              <Table.Th>{t('users.active')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => {
              // Admins cannot demote or lock out themselves from this table; that would strand the install.
              const self = user.id === me.id;
              const busy = pendingId === user.id;
              return (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {user.name}
                      {self && (
                        <Text span c="dimmed" size="sm" fw={400}>
                          {' '}
                          ({t('users.you')})
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(user.createdAt)}
                    </Text>
                  </Table.Td>
                  {/* A long address wraps anywhere, so it never pushes the Password and Active columns out of view. */}
                  <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 160 }}>{user.email}</Table.Td>
                  <Table.Td>
                    <Select<StaffRole>
                      aria-label={t('users.roleFor', { name: user.name })}
                      data={roleOptions}
                      value={user.role}
                      allowDeselect={false}
                      disabled={self || busy}
                      size="xs"
                      w={160}
                      onChange={(role) => role && role !== user.role && update.mutate({ id: user.id, name: user.name, patch: { role } })}
                    />
                  </Table.Td>
                  <Table.Td>
                    {/* SLA alerts reach a department's agents and every admin; an agent in no department hears all. */}
                    {user.role === 'admin' ? (
                      <Text size="sm" c="dimmed">
                        {t('users.allDepartments')}
                      </Text>
                    ) : (
                      <MultiSelect
                        aria-label={t('users.alertDepartmentsFor', { name: user.name })}
                        data={departmentOptions}
                        value={user.departmentIds}
                        placeholder={user.departmentIds.length ? undefined : t('users.allDepartments')}
                        disabled={busy}
                        size="xs"
                        w={220}
                        onChange={(departmentIds) => update.mutate({ id: user.id, name: user.name, patch: { departmentIds } })}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge styles={wholeBadgeLabel} color={user.totpEnabled ? 'green' : 'gray'} variant="light">
                      {user.totpEnabled ? t('users.totpOn') : t('users.totpOff')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {user.mustChangePassword ? (
                      <Badge styles={wholeBadgeLabel} color="orange" variant="light" data-testid="password-due">
                        {t('account.admin.passwordRequired')}
                      </Badge>
                    ) : (
                      <Tooltip label={t('account.admin.requirePasswordFor', { name: user.name })} withArrow multiline w={240}>
                        <ActionIcon
                          variant="default"
                          aria-label={t('account.admin.requirePasswordFor', { name: user.name })}
                          disabled={busy || user.disabled}
                          onClick={() => update.mutate({ id: user.id, name: user.name, patch: { mustChangePassword: true } })}
                        >
                          <IconKey size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={t('users.activeFor', { name: user.name })}
                      checked={!user.disabled}
                      disabled={self || busy}
                      onChange={(event) =>
                        event.currentTarget.checked
                          ? update.mutate({ id: user.id, name: user.name, patch: { disabled: false } })
                          : setDisabling(user)
                      }
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={disabling !== null}
        onClose={() => setDisabling(null)}
        title={disabling && t('account.admin.disableTitle', { name: disabling.name })}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Text size="sm">{disabling && t('account.admin.disableText', { name: disabling.name })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDisabling(null)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => {
                if (disabling) update.mutate({ id: disabling.id, name: disabling.name, patch: { disabled: true } });
                setDisabling(null);
              }}
            >
              {t('account.admin.disableConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

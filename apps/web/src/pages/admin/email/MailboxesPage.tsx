import { Mailbox, MailboxInput, MailboxPatch, MailboxTestResult } from '@centrala/contracts';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlugConnected, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, isApiError, unwrap } from '../../../api';
import { ErrorAlert, QueryState, useErrorMessage } from '../../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../../forms';
import { useFormatDateTime, useLocalize } from '../../../i18n';
import { fieldErrorsCoverAll } from '../fieldErrors';
import { adminQueryKeys } from '../queryKeys';
import { ConfirmRemove } from './ConfirmRemove';
import { useDepartmentOptions } from './useDepartments';

const stateColor = { ok: 'green', error: 'red', never: 'gray', disabled: 'gray' } as const;

/**
 * `/admin/mailboxes`: the IMAP mailboxes the poller fetches from (issue 12 point 1b), each with its last fetch, backlog
 * and last error, and a connection test. The password is write-only: the API never returns it.
 */
export function MailboxesPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const localize = useLocalize();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const { nameOf } = useDepartmentOptions();
  const [editing, setEditing] = useState<{ opened: boolean; mailbox: Mailbox | null }>({ opened: false, mailbox: null });
  const [removing, setRemoving] = useState<Mailbox | null>(null);
  const mailboxes = useQuery({
    queryKey: adminQueryKeys.mailboxes,
    queryFn: () => apiGet('/api/admin/mailboxes', unwrap('mailboxes', Mailbox.array())),
    // The status changes as the poller works.
    refetchInterval: 15_000,
  });
  const remove = useMutation({
    mutationFn: (m: Mailbox) => apiSend('DELETE', `/api/admin/mailboxes/${encodeURIComponent(m.id)}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('email.admin.removed') });
      setRemoving(null);
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.mailboxes });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const test = useMutation({
    mutationFn: (m: Mailbox) => apiSend('POST', `/api/admin/mailboxes/${encodeURIComponent(m.id)}/test`, undefined, MailboxTestResult),
    onSuccess: (r) => notifications.show({ color: 'green', message: t('email.admin.mailboxes.testOk', { count: r.messages }) }),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error), autoClose: false }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminQueryKeys.mailboxes }),
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('email.admin.mailboxes.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={640}>
            {t('email.admin.mailboxes.intro')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ opened: true, mailbox: null })}>
          {t('email.admin.mailboxes.add')}
        </Button>
      </Group>
      <QueryState query={mailboxes}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('email.admin.mailboxes.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" withTableBorder data-testid="mailboxes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('email.admin.mailboxes.name')}</Table.Th>
                    <Table.Th>{t('email.admin.mailboxes.host')}</Table.Th>
                    <Table.Th>{t('email.admin.department')}</Table.Th>
                    <Table.Th>{t('email.admin.mailboxes.status')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('email.admin.edit')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((m) => {
                    const state = m.enabled ? m.status.state : 'disabled';
                    return (
                      <Table.Tr key={m.id} data-testid="mailbox-row">
                        <Table.Td>
                          <Text fw={600} size="sm">
                            {m.name}
                          </Text>
                          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                            {m.username} · {m.folder}
                            {m.processedFolder ? ` → ${m.processedFolder}` : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {m.host}:{m.port}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {m.tls ? t('email.admin.mailboxes.tlsShort') : t('email.admin.mailboxes.starttls')}
                          </Text>
                        </Table.Td>
                        <Table.Td>{m.departmentId ? nameOf(m.departmentId) : t('email.admin.anyDepartment')}</Table.Td>
                        <Table.Td>
                          <Stack gap={2}>
                            <Badge color={stateColor[state]} variant="light" tt="none">
                              {t(`email.admin.mailboxes.states.${state}`)}
                            </Badge>
                            <Text size="xs">
                              {t('email.admin.mailboxes.lastFetch')}:{' '}
                              {m.status.lastFetchAt ? formatDateTime(m.status.lastFetchAt) : t('email.admin.mailboxes.never')}
                            </Text>
                            <Text size="xs">
                              {t('email.admin.mailboxes.backlog')}: {m.status.backlog ?? t('email.admin.mailboxes.unknown')}
                            </Text>
                            {m.status.lastError && (
                              <Text size="xs" c="red.9" style={{ overflowWrap: 'anywhere' }} data-testid="mailbox-error">
                                {t('email.admin.mailboxes.lastError')}
                                {m.status.lastErrorAt ? ` (${formatDateTime(m.status.lastErrorAt)})` : ''}:{' '}
                                {localize(m.status.lastError.message)}
                                {m.status.lastError.detail ? ` — ${m.status.lastError.detail}` : ''}
                              </Text>
                            )}
                          </Stack>
                        </Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          <Tooltip label={t('email.admin.mailboxes.test')} withArrow>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('email.admin.mailboxes.testFor', { name: m.name })}
                              loading={test.isPending && test.variables?.id === m.id}
                              onClick={() => test.mutate(m)}
                            >
                              <IconPlugConnected size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('email.admin.edit')} withArrow>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('email.admin.mailboxes.editFor', { name: m.name })}
                              onClick={() => setEditing({ opened: true, mailbox: m })}
                            >
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('email.admin.remove')} withArrow>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('email.admin.mailboxes.removeFor', { name: m.name })}
                              onClick={() => setRemoving(m)}
                            >
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <ConfirmRemove
        opened={removing !== null}
        title={t('email.admin.mailboxes.removeFor', { name: removing?.name ?? '' })}
        text={t('email.admin.mailboxes.removeConfirm', { name: removing?.name ?? '' })}
        loading={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
      />
      <Modal
        opened={editing.opened}
        onClose={() => setEditing((c) => ({ ...c, opened: false }))}
        title={editing.mailbox ? t('email.admin.mailboxes.editTitle') : t('email.admin.mailboxes.add')}
        size="lg"
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <MailboxForm
          key={editing.mailbox?.id ?? 'new'}
          mailbox={editing.mailbox}
          onDone={() => setEditing((c) => ({ ...c, opened: false }))}
        />
      </Modal>
    </Stack>
  );
}

function MailboxForm({ mailbox, onDone }: { mailbox: Mailbox | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const { options } = useDepartmentOptions();
  const validator = useSchemaValidator(mailbox ? MailboxPatch : MailboxInput);
  const form = useForm({
    initialValues: {
      name: mailbox?.name ?? '',
      host: mailbox?.host ?? '',
      port: mailbox?.port ?? 993,
      tls: mailbox?.tls ?? true,
      username: mailbox?.username ?? '',
      password: '',
      folder: mailbox?.folder ?? 'INBOX',
      processedFolder: mailbox?.processedFolder ?? '',
      departmentId: mailbox?.departmentId ?? '',
      enabled: mailbox?.enabled ?? true,
    },
    transformValues: (v) => toRequest(v, mailbox !== null),
    // Checked as it will be sent: an empty processed folder is none, an empty password on an edit keeps the stored one.
    validate: (v) => validator(toRequest(v, mailbox !== null)),
  });
  const save = useMutation({
    mutationFn: (values: ReturnType<typeof form.getTransformedValues>) =>
      mailbox
        ? apiSend('PATCH', `/api/admin/mailboxes/${encodeURIComponent(mailbox.id)}`, values)
        : apiSend('POST', '/api/admin/mailboxes', values),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('email.admin.saved') });
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.mailboxes });
      onDone();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        {save.isError && !(isApiError(save.error) && fieldErrorsCoverAll(save.error.fields, Object.keys(form.values))) && (
          <ErrorAlert error={save.error} />
        )}
        <TextInput label={t('email.admin.mailboxes.name')} required {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('email.admin.mailboxes.host')}
            required
            autoComplete="off"
            style={{ gridColumn: 'span 2' }}
            {...form.getInputProps('host')}
          />
          <NumberInput
            label={t('email.admin.mailboxes.port')}
            required
            min={1}
            max={65535}
            allowDecimal={false}
            {...form.getInputProps('port')}
          />
        </SimpleGrid>
        <Switch label={t('email.admin.mailboxes.tls')} {...form.getInputProps('tls', { type: 'checkbox' })} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('email.admin.mailboxes.username')} required autoComplete="off" {...form.getInputProps('username')} />
          <PasswordInput
            label={t('email.admin.mailboxes.password')}
            required={!mailbox}
            description={mailbox?.hasPassword ? t('email.admin.mailboxes.passwordKeep') : undefined}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('email.admin.mailboxes.folder')} required {...form.getInputProps('folder')} />
          <TextInput
            label={t('email.admin.mailboxes.processedFolder')}
            description={t('email.admin.mailboxes.processedFolderHint')}
            {...form.getInputProps('processedFolder')}
          />
        </SimpleGrid>
        <Select
          label={t('email.admin.department')}
          data={[{ value: '', label: t('email.admin.anyDepartment') }, ...options]}
          allowDeselect={false}
          {...form.getInputProps('departmentId')}
        />
        <Switch label={t('email.admin.mailboxes.enabled')} {...form.getInputProps('enabled', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('email.admin.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('email.admin.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function toRequest<V extends { processedFolder: string; departmentId: string; password: string }>(v: V, editing: boolean) {
  return {
    ...v,
    processedFolder: v.processedFolder.trim() || null,
    departmentId: v.departmentId || null,
    // On an edit, an empty password keeps the stored one (the API never returns it).
    password: v.password === '' && editing ? undefined : v.password,
  };
}

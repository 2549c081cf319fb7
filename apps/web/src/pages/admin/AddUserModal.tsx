import { StaffRole, StaffUserInput } from '@centrala/contracts';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiSend, isApiError } from '../../api';
import { PasswordField } from '../../components/PasswordField';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../forms';
import { fieldErrorsCoverAll } from './fieldErrors';
import { adminQueryKeys } from './queryKeys';

interface AddUserModalProps {
  opened: boolean;
  onClose: () => void;
}

export function AddUserModal({ opened, onClose }: AddUserModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('users.add')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      {/* Rendered only while open, so every opening starts with an empty form. */}
      <AddUserForm onDone={onClose} />
    </Modal>
  );
}

function AddUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const form = useForm({
    initialValues: { email: '', name: '', role: 'agent' as StaffRole, password: '' },
    validate: useSchemaValidator(StaffUserInput),
  });

  const create = useMutation({
    mutationFn: (body: typeof form.values) => apiSend('POST', '/api/admin/users', body),
    onSuccess: async (_data, body) => {
      notifications.show({ color: 'green', message: t('users.created', { name: body.name.trim() }) });
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.users });
      onDone();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack>
        {create.isError && !(isApiError(create.error) && fieldErrorsCoverAll(create.error.fields, Object.keys(form.values))) && (
          <ErrorAlert error={create.error} />
        )}
        <TextInput label={t('users.email')} type="email" autoComplete="off" required data-autofocus {...form.getInputProps('email')} />
        <TextInput label={t('users.name')} autoComplete="off" required {...form.getInputProps('name')} />
        <Select<StaffRole>
          label={t('users.role')}
          data={StaffRole.options.map((role) => ({ value: role, label: t(`users.roles.${role}`) }))}
          allowDeselect={false}
          required
          {...form.getInputProps('role')}
        />
        <PasswordField
          label={t('users.password')}
          description={`${t('users.passwordHint')} ${t('account.admin.newUserNote')}`}
          autoComplete="new-password"
          required
          {...form.getInputProps('password')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

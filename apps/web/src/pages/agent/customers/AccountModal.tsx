import { AccountInput, DirectoryAccount } from '@centrala/contracts';
import { Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api';
import { useSchemaValidator } from '../../../forms';
import { directoryPaths } from './directoryApi';
import { DirectoryModal, FormButtons, ExternalIdInput, useDirectorySave, withExternalId } from './DirectoryForm';

interface AccountModalProps {
  opened: boolean;
  /** The customer to edit, or null for a new one. */
  account: DirectoryAccount | null;
  onClose: () => void;
  onCreated?: (id: string) => void;
}

export function AccountModal({ opened, account, onClose, onCreated }: AccountModalProps) {
  const { t } = useTranslation();
  return (
    <DirectoryModal opened={opened} onClose={onClose} title={account ? t('directory.account.editTitle') : t('directory.account.newTitle')}>
      <AccountForm account={account} onDone={onClose} onCreated={onCreated} />
    </DirectoryModal>
  );
}

function AccountForm({
  account,
  onDone,
  onCreated,
}: {
  account: DirectoryAccount | null;
  onDone: () => void;
  onCreated?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const validate = useSchemaValidator(AccountInput);
  const form = useForm({
    initialValues: { name: account?.name ?? '', email: account?.email ?? '', externalId: account?.externalId ?? '' },
    validate: (values) => validate(withExternalId(values, Boolean(account?.externalId))),
    transformValues: (values) => withExternalId(values, Boolean(account?.externalId)),
  });
  const { mutation, errorAlert } = useDirectorySave(
    form,
    (body: object) =>
      account
        ? apiSend('PATCH', directoryPaths.update('accounts', account.id), body, DirectoryAccount)
        : apiSend('POST', directoryPaths.create('accounts'), body, DirectoryAccount),
    (saved) => {
      notifications.show({
        color: 'green',
        message: account ? t('common.saved') : t('directory.account.createdNotice', { name: saved.name }),
      });
      onDone();
      if (!account) onCreated?.(saved.id);
    },
  );

  return (
    <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
      <Stack>
        {errorAlert}
        <TextInput label={t('directory.account.name')} autoComplete="off" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label={t('directory.account.email')} type="email" autoComplete="off" required {...form.getInputProps('email')} />
        <ExternalIdInput kept={Boolean(account?.externalId)} {...form.getInputProps('externalId')} />
        <FormButtons onCancel={onDone} saving={mutation.isPending} isNew={account === null} />
      </Stack>
    </form>
  );
}

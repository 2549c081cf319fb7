import { Contact, ContactInput, ContactRole, Locale } from '@centrala/contracts';
import { Checkbox, Group, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api';
import { useSchemaValidator } from '../../../forms';
import { directoryPaths } from './directoryApi';
import { FormButtons, ExternalIdInput, useDirectorySave, withExternalId } from './DirectoryForm';

/** Adds a contact to the account, or edits `contact`; rendered inside a DirectoryModal. */
export function ContactForm({ accountId, contact, onDone }: { accountId: string; contact: Contact | null; onDone: () => void }) {
  const { t } = useTranslation();
  const validate = useSchemaValidator(ContactInput);
  const form = useForm({
    initialValues: {
      name: contact?.name ?? '',
      email: contact?.email ?? '',
      locale: contact?.locale ?? ('hr' as Locale),
      roles: contact?.roles ?? ([] as ContactRole[]),
      canLogIn: contact?.canLogIn ?? true,
      externalId: contact?.externalId ?? '',
    },
    validate: (values) => validate({ ...withExternalId(values, Boolean(contact?.externalId)), accountId }),
    transformValues: (values) => withExternalId(values, Boolean(contact?.externalId)),
  });
  const { mutation, errorAlert } = useDirectorySave(
    form,
    (body: object) =>
      contact
        ? apiSend('PATCH', directoryPaths.update('contacts', contact.id), body, Contact)
        : apiSend('POST', directoryPaths.create('contacts'), { ...body, accountId }, Contact),
    (saved) => {
      notifications.show({
        color: 'green',
        message: contact ? t('common.saved') : t('directory.contacts.createdNotice', { name: saved.name }),
      });
      onDone();
    },
  );

  return (
    <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
      <Stack>
        {errorAlert}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('directory.contacts.name')} autoComplete="off" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('directory.contacts.email')} type="email" autoComplete="off" required {...form.getInputProps('email')} />
          <Select<Locale>
            label={t('directory.contacts.language')}
            data={Locale.options.map((locale) => ({ value: locale, label: t(`directory.contacts.languages.${locale}`) }))}
            allowDeselect={false}
            required
            {...form.getInputProps('locale')}
          />
          <ExternalIdInput kept={Boolean(contact?.externalId)} {...form.getInputProps('externalId')} />
        </SimpleGrid>
        <Checkbox.Group
          label={t('directory.contacts.roles')}
          description={t('directory.contacts.rolesHint')}
          {...form.getInputProps('roles')}
        >
          <Group mt="xs">
            {ContactRole.options.map((role) => (
              <Checkbox key={role} value={role} label={t(`directory.contacts.roleNames.${role}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Switch label={t('directory.contacts.canLogIn')} {...form.getInputProps('canLogIn', { type: 'checkbox' })} />
        <FormButtons onCancel={onDone} saving={mutation.isPending} isNew={contact === null} />
      </Stack>
    </form>
  );
}

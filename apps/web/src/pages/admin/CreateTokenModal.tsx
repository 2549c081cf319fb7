import { ApiScope, ApiTokenCreated, ApiTokenInput } from '@centrala/contracts';
import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiSend, isApiError } from '../../api';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../forms';
import { fieldErrorsCoverAll } from './fieldErrors';
import { adminQueryKeys } from './queryKeys';

/** What each scope allows, said under it (keys without the scope's colon, which i18next reads as a namespace). */
const SCOPE_HINTS = {
  'accounts:read': 'tokens.scopeHints.accountsRead',
  'accounts:write': 'tokens.scopeHints.accountsWrite',
  'tickets:read': 'tokens.scopeHints.ticketsRead',
  'tickets:write': 'tokens.scopeHints.ticketsWrite',
} as const satisfies Record<ApiScope, string>;

export type CreatedToken = ReturnType<typeof ApiTokenCreated.parse>;

interface CreateTokenModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (created: CreatedToken) => void;
}

export function CreateTokenModal({ opened, onClose, onCreated }: CreateTokenModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('tokens.add')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <CreateTokenForm onCancel={onClose} onCreated={onCreated} />
    </Modal>
  );
}

function CreateTokenForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: CreatedToken) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const form = useForm({
    initialValues: { name: '', scopes: [] as ApiScope[] },
    validate: useSchemaValidator(ApiTokenInput),
  });

  const create = useMutation({
    mutationFn: (body: typeof form.values) => apiSend('POST', '/api/admin/api-tokens', body, ApiTokenCreated),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.apiTokens });
      onCreated(created);
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack>
        {create.isError && !(isApiError(create.error) && fieldErrorsCoverAll(create.error.fields, Object.keys(form.values))) && (
          <ErrorAlert error={create.error} />
        )}
        <TextInput label={t('tokens.name')} autoComplete="off" required data-autofocus {...form.getInputProps('name')} />
        <Checkbox.Group label={t('tokens.scopes')} required {...form.getInputProps('scopes')}>
          <Stack gap="xs" mt="xs">
            {ApiScope.options.map((scope) => (
              <Checkbox key={scope} value={scope} label={<code>{scope}</code>} description={t(SCOPE_HINTS[scope])} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
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

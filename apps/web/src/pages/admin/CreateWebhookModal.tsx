import { WEBHOOK_EVENT_TYPES, WebhookCreated, WebhookInput, type WebhookEventType } from '@centrala/contracts';
import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiSend, isApiError } from '../../api';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../forms';
import { fieldErrorsCoverAll } from './fieldErrors';
import { adminQueryKeys } from './queryKeys';

interface CreateWebhookModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (created: WebhookCreated) => void;
}

export function CreateWebhookModal({ opened, onClose, onCreated }: CreateWebhookModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('webhooks.add')}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <CreateWebhookForm onCancel={onClose} onCreated={onCreated} />
    </Modal>
  );
}

/** URL, description and event types; the server's egress guard answers a refused URL on its field, in hr and en. */
function CreateWebhookForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: WebhookCreated) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const form = useForm({
    initialValues: { url: '', description: '', eventTypes: [] as WebhookEventType[], active: true },
    validate: useSchemaValidator(WebhookInput),
  });

  const create = useMutation({
    mutationFn: (body: typeof form.values) => apiSend('POST', '/api/admin/webhooks', body, WebhookCreated),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.webhooks });
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
        <TextInput
          label={t('webhooks.url')}
          description={t('webhooks.urlHint')}
          placeholder="https://billing.example.com/centrala/webhook"
          type="url"
          autoComplete="off"
          required
          data-autofocus
          {...form.getInputProps('url')}
        />
        <TextInput
          label={t('webhooks.description')}
          description={t('webhooks.descriptionHint')}
          autoComplete="off"
          {...form.getInputProps('description')}
        />
        <Checkbox.Group label={t('webhooks.events')} required {...form.getInputProps('eventTypes')}>
          <Stack gap="xs" mt="xs">
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <Checkbox key={type} value={type} label={`${t(`webhooks.eventTypes.${type}`)} (${type})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Checkbox label={t('webhooks.activeLabel')} {...form.getInputProps('active', { type: 'checkbox' })} />
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

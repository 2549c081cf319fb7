import {
  CANNED_PLACEHOLDERS,
  CannedResponseInput,
  unknownPlaceholders,
  type CannedPlaceholder,
  type CannedResponse,
} from '@centrala/contracts';
import { Button, Group, Modal, SegmentedControl, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend, isApiError } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../../forms';
import { useLocale } from '../../../i18n';
import { fieldErrorsCoverAll } from '../../admin/fieldErrors';
import { cannedQueryKeys } from './api';

interface CannedResponseModalProps {
  opened: boolean;
  /** The response to edit, or null to write a new one. */
  response: CannedResponse | null;
  onClose: () => void;
}

export function CannedResponseModal({ opened, response, onClose }: CannedResponseModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={response ? t('canned.form.editTitle') : t('canned.form.newTitle')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {/* Keyed by response so switching between them never shows the previous one's values. */}
      <CannedResponseForm key={response?.id ?? 'new'} response={response} onDone={onClose} />
    </Modal>
  );
}

const placeholderLabels: Record<CannedPlaceholder, 'customerName' | 'ticketReference' | 'agentName'> = {
  'customer.name': 'customerName',
  'ticket.reference': 'ticketReference',
  'agent.name': 'agentName',
};
const known = CANNED_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');

function CannedResponseForm({ response, onDone }: { response: CannedResponse | null; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const bodyInput = useRef<HTMLTextAreaElement>(null);
  const schemaErrors = useSchemaValidator(CannedResponseInput);
  const form = useForm({
    initialValues: {
      title: response?.title ?? '',
      body: response?.body ?? '',
      locale: response?.locale ?? locale,
      shared: response?.shared ?? false,
    },
    // The same rule as the API's: a placeholder that cannot be filled would reach the customer as typed.
    validate: (values) => {
      const unknown = unknownPlaceholders(values.body);
      return {
        ...schemaErrors(values),
        ...(unknown.length > 0 && { body: t('canned.form.unknownPlaceholder', { unknown: unknown.join(', '), known }) }),
      };
    },
    validateInputOnBlur: true,
  });

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      response
        ? apiSend('PUT', `/api/agent/canned-responses/${encodeURIComponent(response.id)}`, values)
        : apiSend('POST', '/api/agent/canned-responses', values),
    onSuccess: async (_data, values) => {
      notifications.show({
        color: 'green',
        message: response ? t('common.saved') : t('canned.form.created', { title: values.title.trim() }),
      });
      await queryClient.invalidateQueries({ queryKey: cannedQueryKeys.all });
      onDone();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  /** Puts the placeholder where the cursor is in the text, and the cursor after it. */
  const insertPlaceholder = (name: CannedPlaceholder) => {
    const token = `{{${name}}}`;
    const element = bodyInput.current;
    const { body } = form.getValues();
    const start = element?.selectionStart ?? body.length;
    const end = element?.selectionEnd ?? body.length;
    form.setFieldValue('body', body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate data-testid="canned-form">
      <Stack>
        {save.isError && !(isApiError(save.error) && fieldErrorsCoverAll(save.error.fields, Object.keys(form.values))) && (
          <ErrorAlert error={save.error} />
        )}
        <TextInput label={t('canned.form.title')} required data-autofocus {...form.getInputProps('title')} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="canned-language-label">
            {t('canned.form.language')}
          </Text>
          <SegmentedControl
            aria-labelledby="canned-language-label"
            data={[
              { value: 'hr', label: t('language.hr') },
              { value: 'en', label: t('language.en') },
            ]}
            {...form.getInputProps('locale')}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        <Textarea
          ref={bodyInput}
          label={t('canned.form.body')}
          description={t('canned.form.bodyHint')}
          required
          autosize
          minRows={6}
          maxRows={16}
          lang={form.values.locale}
          {...form.getInputProps('body')}
        />
        <Group gap="xs" role="group" aria-label={t('canned.form.insertPlaceholder')}>
          <Text size="xs" c="gray.7">
            {t('canned.form.insertPlaceholder')}:
          </Text>
          {CANNED_PLACEHOLDERS.map((name) => (
            <Button key={name} size="compact-xs" variant="light" onClick={() => insertPlaceholder(name)} title={`{{${name}}}`}>
              {t(`canned.placeholders.${placeholderLabels[name]}`)}
            </Button>
          ))}
        </Group>
        <Switch
          label={t('canned.form.shared')}
          description={form.values.shared ? t('canned.form.sharedHint') : t('canned.form.personalHint')}
          {...form.getInputProps('shared', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {response ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

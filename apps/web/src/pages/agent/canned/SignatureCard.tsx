import { Signature } from '@centrala/contracts';
import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../../forms';
import { fieldErrorsCoverAll } from '../../admin/fieldErrors';
import { useSaveSignature } from './api';

/** Where an agent writes the signature the server adds under their replies to customers. */
export function SignatureCard({ signature }: { signature: string }) {
  const { t } = useTranslation();
  const save = useSaveSignature();
  const applyFieldErrors = useApplyFieldErrors();
  const form = useForm({ initialValues: { signature }, validate: useSchemaValidator(Signature) });

  return (
    <Paper withBorder p="md" radius="md" id="signature" data-testid="signature-card">
      <form
        onSubmit={form.onSubmit((values) =>
          save.mutate(values.signature, {
            onSuccess: (saved) => {
              form.setValues(saved);
              form.resetDirty(saved);
              notifications.show({ color: 'green', message: t('canned.signature.saved') });
            },
            onError: (error) => applyFieldErrors(form, error),
          }),
        )}
        noValidate
      >
        <Stack gap="sm">
          <div>
            <Title order={2} size="h4">
              {t('canned.signature.title')}
            </Title>
            <Text size="sm" c="gray.7">
              {t('canned.signature.hint')}
            </Text>
          </div>
          {save.isError && !(isApiError(save.error) && fieldErrorsCoverAll(save.error.fields, ['signature'])) && (
            <ErrorAlert error={save.error} />
          )}
          <Textarea label={t('canned.signature.label')} autosize minRows={2} maxRows={8} {...form.getInputProps('signature')} />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

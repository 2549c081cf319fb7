import { PasswordResetRequest } from '@centrala/contracts';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiSend } from '../../api';
import { AuthCard } from '../../components/AuthCard';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../forms';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const applyFieldErrors = useApplyFieldErrors();
  const form = useForm({ initialValues: { email: '' }, validate: useSchemaValidator(PasswordResetRequest) });
  const request = useMutation({
    mutationFn: (body: { email: string }) => apiSend('POST', '/api/auth/password-reset/request', body),
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <AuthCard title={t('forgot.title')}>
      {request.isSuccess ? (
        // Same answer whether or not the address exists, so the page cannot be used to probe accounts.
        <Alert color="green" icon={<IconMailCheck />} role="status">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((values) => request.mutate(values))} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('forgot.intro')}
            </Text>
            {request.isError && <ErrorAlert error={request.error} />}
            <TextInput
              label={t('forgot.email')}
              type="email"
              autoComplete="email"
              autoFocus
              required
              withAsterisk={false}
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={request.isPending} fullWidth>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" mt="md" display="inline-block">
        {t('forgot.backToLogin')}
      </Anchor>
    </AuthCard>
  );
}

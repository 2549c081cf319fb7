import { NewPassword } from '@centrala/contracts';
import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { apiSend } from '../../api';
import { AuthCard } from '../../components/AuthCard';
import { PasswordField } from '../../components/PasswordField';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useFieldValidator } from '../../forms';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token');

  return (
    <AuthCard title={t('reset.title')}>
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Stack>
          <Alert color="red">{t('reset.missingToken')}</Alert>
          <RequestNewLink />
        </Stack>
      )}
    </AuthCard>
  );
}

function RequestNewLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/forgot-password" size="sm">
      {t('reset.requestNew')}
    </Anchor>
  );
}

function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const validatePassword = useFieldValidator(NewPassword);
  const applyFieldErrors = useApplyFieldErrors();
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: validatePassword,
      confirm: (value, values) => (value === values.password ? null : t('validation.passwordsDiffer')),
    },
  });
  const confirm = useMutation({
    mutationFn: (password: string) => apiSend('POST', '/api/auth/password-reset/confirm', { token, password }),
    onError: (error) => applyFieldErrors(form, error),
  });

  if (confirm.isSuccess) {
    return (
      <Stack>
        <Alert color="green" icon={<IconCircleCheck />} role="status">
          {t('reset.done')}
        </Alert>
        <Button component={Link} to="/login">
          {t('reset.goToLogin')}
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit((values) => confirm.mutate(values.password))} noValidate>
      <Stack>
        {confirm.isError && (
          <>
            <ErrorAlert error={confirm.error} />
            <RequestNewLink />
          </>
        )}
        <PasswordField
          label={t('reset.password')}
          description={t('reset.passwordHint')}
          autoComplete="new-password"
          autoFocus
          required
          withAsterisk={false}
          {...form.getInputProps('password')}
        />
        <PasswordField
          label={t('reset.confirm')}
          autoComplete="new-password"
          required
          withAsterisk={false}
          {...form.getInputProps('confirm')}
        />
        <Button type="submit" loading={confirm.isPending} fullWidth>
          {t('reset.submit')}
        </Button>
      </Stack>
    </form>
  );
}

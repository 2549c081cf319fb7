import { NewPassword, PasswordChange } from '@centrala/contracts';
import { Alert, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiSend, isApiError } from '../../api';
import { homePath, refreshSession, useCurrentUser } from '../../auth/session';
import { useLogout } from '../../auth/useLogout';
import { AuthCard } from '../../components/AuthCard';
import { PasswordField } from '../../components/PasswordField';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useFieldValidator } from '../../forms';

/**
 * Every signed-in user changes their password here, from the user menu; a user an admin asked for a new
 * one is sent here and may do nothing else until it is done (the server holds them to it too).
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useLogout();
  const applyFieldErrors = useApplyFieldErrors();
  const validateNew = useFieldValidator(NewPassword);
  const required = user.mustChangePassword;

  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (value) => (value ? null : t('validation.required')),
      newPassword: (value, values) => validateNew(value) ?? (value === values.currentPassword ? t('account.password.newHint') : null),
      confirm: (value, values) => (value === values.newPassword ? null : t('validation.passwordsDiffer')),
    },
  });

  const change = useMutation({
    mutationFn: (body: PasswordChange) => apiSend('POST', '/api/auth/password', body),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('account.password.done') });
      const session = await refreshSession(queryClient);
      void navigate(session ? homePath(session.user) : '/login', { replace: true });
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <AuthCard title={t('account.password.title')}>
      <form onSubmit={form.onSubmit(({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword }))} noValidate>
        <Stack>
          {required && (
            <Alert color="indigo" variant="light" data-testid="password-change-required">
              {t('account.password.required')}
            </Alert>
          )}
          {/* A wrong current password is said beside its field; an alert is for what no field explains. */}
          {change.isError && !(isApiError(change.error) && change.error.fields.length > 0) && <ErrorAlert error={change.error} />}
          {/* The account's email, for password managers to file the new password under. */}
          <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <PasswordField
            label={t('account.password.current')}
            autoComplete="current-password"
            autoFocus
            required
            withAsterisk={false}
            {...form.getInputProps('currentPassword')}
          />
          <PasswordField
            label={t('account.password.new')}
            description={t('account.password.newHint')}
            autoComplete="new-password"
            required
            withAsterisk={false}
            {...form.getInputProps('newPassword')}
          />
          <PasswordField
            label={t('account.password.confirm')}
            autoComplete="new-password"
            required
            withAsterisk={false}
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={change.isPending} fullWidth>
            {t('account.password.submit')}
          </Button>
          {required ? (
            <Button variant="subtle" color="gray" onClick={() => logout.mutate(false)} loading={logout.isPending}>
              {t('header.logout')}
            </Button>
          ) : (
            <Button variant="subtle" color="gray" onClick={() => void navigate(homePath(user))}>
              {t('account.password.back')}
            </Button>
          )}
        </Stack>
      </form>
    </AuthCard>
  );
}

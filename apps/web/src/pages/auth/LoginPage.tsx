import { LoginRequest, RecoveryCode, Session, TotpCode, type CurrentUser } from '@centrala/contracts';
import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconClockX, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { apiSend, isApiError } from '../../api';
import { SessionGate } from '../../auth/RequireAuth';
import { browserStore, loadSessionEndedNotice, removeSessionEndedNotice, type SessionEndedNotice } from '../../auth/drafts';
import { markLoggedOut, RETURN_PARAM, safeReturnPath } from '../../auth/returnPath';
import { homePath, sessionQueryKey, storeSession } from '../../auth/session';
import { AuthCard } from '../../components/AuthCard';
import { PasswordField } from '../../components/PasswordField';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../forms';

/**
 * Where to go after logging in: back to the page the user was sent here from (`?next=`, a path of this
 * site only), else their home. Users who must choose a new password or enrol TOTP first go there either way.
 */
function useDestination(): (user: CurrentUser) => string {
  const [params] = useSearchParams();
  const back = safeReturnPath(params.get(RETURN_PARAM));
  return (user) => (user.mustEnrollTotp || user.mustChangePassword || back === null ? homePath(user) : back);
}

export function LoginPage() {
  const { t } = useTranslation();
  const destination = useDestination();
  return (
    <SessionGate>
      {(session) =>
        session ? (
          <Navigate to={destination(session.user)} replace />
        ) : (
          <Stack gap="lg">
            <Stack gap={4} align="center">
              <Text fz={36} fw={800} lh={1.2} c="indigo.7">
                {t('app.name')}
              </Text>
              <Text c="dimmed">{t('app.tagline')}</Text>
            </Stack>
            <LoginForm />
            <Anchor component={Link} to="/contact" size="sm" ta="center" c="dimmed" data-testid="contact-link">
              {t('clientTickets.contact.contactLink')}
            </Anchor>
          </Stack>
        )
      }
    </SessionGate>
  );
}

function LoginForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const destination = useDestination();
  const applyFieldErrors = useApplyFieldErrors();
  // Set when the API answered 401 to a logged-in user (queryClient.ts); kept until the next login.
  const [ended] = useState<SessionEndedNotice | null>(() => {
    const store = browserStore();
    return store ? loadSessionEndedNotice(store) : null;
  });
  // The code field is always there, optional: asking for it only after a right password would tell anyone trying
  // passwords that one was right. The API answers a missing or wrong code like a wrong password.
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: useSchemaValidator(LoginRequest),
  });

  const login = useMutation({
    mutationFn: (body: LoginRequest) => apiSend('POST', '/api/auth/login', body, Session),
    onSuccess: (session) => {
      markLoggedOut(false);
      const store = browserStore();
      if (store) removeSessionEndedNotice(store);
      // Whatever is cached may be another user's (a session that ended, then someone else logs in here).
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      storeSession(queryClient, session);
      void navigate(destination(session.user), { replace: true });
    },
    onError: (error) => {
      applyFieldErrors(form, error);
      setCode('');
    },
  });

  const submit = form.onSubmit((values) => {
    const typed = code.trim();
    // One field takes either second factor: six digits are a code from the app, anything else a recovery code.
    const secondFactor = !typed
      ? {}
      : TotpCode.safeParse({ code: typed }).success
        ? { totp: typed }
        : RecoveryCode.safeParse(typed).success
          ? { recoveryCode: typed }
          : null;
    if (secondFactor === null) return setCodeError(t('account.login.codeInvalid'));
    setCodeError(null);
    login.mutate({ ...values, ...secondFactor });
  });

  return (
    <AuthCard title={t('login.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {ended && <SessionEndedAlert notice={ended} />}
          {login.isError && (
            <ErrorAlert
              error={login.error}
              // A wrong password is the user's slip, not a system fault (issue 10 point 9).
              title={isApiError(login.error, 'auth.invalid_credentials') ? t('login.wrongCredentials') : undefined}
              data-testid="login-error"
            />
          )}
          {/* Email and password are required, so asterisks would only add noise (and end up in the label text). */}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            autoFocus
            required
            withAsterisk={false}
            {...form.getInputProps('email')}
          />
          <PasswordField
            label={t('login.password')}
            autoComplete="current-password"
            required
            withAsterisk={false}
            {...form.getInputProps('password')}
          />
          <TextInput
            label={t('account.login.code')}
            description={t('account.login.codeHint')}
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={24}
            value={code}
            onChange={(event) => {
              setCode(event.currentTarget.value);
              setCodeError(null);
            }}
            error={codeError}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('login.forgot')}
            </Anchor>
          </Group>
          <Button type="submit" loading={login.isPending} fullWidth>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

function SessionEndedAlert({ notice }: { notice: SessionEndedNotice }) {
  const { t } = useTranslation();
  const disabled = notice.accountDisabled === true;
  return (
    <Alert
      color={disabled ? 'red' : 'yellow'}
      variant="light"
      icon={disabled ? <IconUserOff /> : <IconClockX />}
      title={disabled ? t('account.ended.disabledTitle') : t('session.endedTitle')}
      data-testid="session-ended"
      data-reason={disabled ? 'account_disabled' : 'ended'}
    >
      <Stack gap={4}>
        <Text size="sm">{disabled ? t('account.ended.disabled') : t('session.ended')}</Text>
        {notice.draftKept && <Text size="sm">{t('session.draftKept')}</Text>}
        {notice.filesLost && (
          <Text size="sm" fw={600}>
            {t('session.filesLost')}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

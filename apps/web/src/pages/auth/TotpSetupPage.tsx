import { RecoveryCodes, TotpCode, TotpSetup } from '@centrala/contracts';
import { ActionIcon, Anchor, Button, Center, Code, CopyButton, Group, Input, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { apiSend } from '../../api';
import { homePath, refreshSession, useCurrentUser } from '../../auth/session';
import { useLogout } from '../../auth/useLogout';
import { AuthCard } from '../../components/AuthCard';
import { CodeInput } from '../../components/CodeInput';
import { ErrorAlert, QueryState } from '../../components/QueryState';
import { RecoveryCodesList } from './RecoveryCodesList';
import { TotpQrCode } from './TotpQrCode';

export function TotpSetupPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The recovery codes of the enrolment just done: shown once, so kept here even if the session is read again meanwhile.
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) {
    const done = async () => {
      const session = await refreshSession(queryClient);
      void navigate(session ? homePath(session.user) : '/login', { replace: true });
    };
    return (
      <AuthCard title={t('account.recovery.title')}>
        <RecoveryCodesList codes={codes} email={user.email} onDone={() => void done()} />
      </AuthCard>
    );
  }
  if (user.totpEnabled) return <Navigate to={homePath(user)} replace />;
  return <TotpEnrolment mandatory={user.mustEnrollTotp} onEnabled={setCodes} />;
}

function TotpEnrolment({ mandatory, onEnabled }: { mandatory: boolean; onEnabled: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);

  // Each POST makes a new pending secret, so it must run once per visit: never refetch, never reuse a cached one.
  const setup = useQuery({
    queryKey: ['totp-setup'],
    queryFn: () => apiSend('POST', '/api/auth/totp/setup', undefined, TotpSetup),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  });

  const enable = useMutation({
    mutationFn: (totpCode: string) => apiSend('POST', '/api/auth/totp/enable', { code: totpCode }, RecoveryCodes),
    onSuccess: ({ codes }) => {
      notifications.show({ color: 'green', message: t('totp.enabled') });
      onEnabled(codes);
    },
    onError: () => setCode(''),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!TotpCode.safeParse({ code }).success) return setCodeError(t('validation.code'));
    setCodeError(null);
    enable.mutate(code);
  };

  return (
    <AuthCard title={t('totp.title')}>
      <Stack>
        {mandatory && <Text fw={500}>{t('totp.mandatory')}</Text>}
        <Text size="sm">{t('totp.intro')}</Text>
        <QueryState query={setup}>
          {({ secret, otpauthUrl }) => (
            <Stack>
              <Center>
                <TotpQrCode uri={otpauthUrl} />
              </Center>
              <Input.Wrapper label={t('totp.secret')} labelElement="div">
                <Group gap="xs" wrap="nowrap" mt={4}>
                  <Code fz="md" py={6} px="sm" style={{ letterSpacing: '0.05em' }} data-testid="totp-secret">
                    {secret.match(/.{1,4}/g)?.join(' ')}
                  </Code>
                  <CopyButton value={secret}>
                    {({ copied, copy }) => (
                      <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
                        <ActionIcon variant="subtle" onClick={copy} aria-label={t('common.copy')}>
                          {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </CopyButton>
                </Group>
              </Input.Wrapper>
              <Input.Wrapper label={t('totp.otpauthUrl')} labelElement="div">
                {/* On a phone the otpauth: link opens the authenticator app directly. */}
                <Anchor href={otpauthUrl} ff="monospace" size="xs" display="block" mt={4} style={{ wordBreak: 'break-all' }}>
                  {otpauthUrl}
                </Anchor>
              </Input.Wrapper>
              <form onSubmit={submit} noValidate>
                <Stack>
                  {enable.isError && <ErrorAlert error={enable.error} />}
                  <CodeInput
                    label={t('totp.code')}
                    digitLabel={(position) => t('totp.digit', { position })}
                    value={code}
                    onChange={(value) => {
                      setCode(value);
                      setCodeError(null);
                    }}
                    error={codeError}
                  />
                  <Button type="submit" loading={enable.isPending} fullWidth>
                    {t('totp.enable')}
                  </Button>
                </Stack>
              </form>
            </Stack>
          )}
        </QueryState>
        {mandatory ? (
          <Button variant="subtle" color="gray" onClick={() => logout.mutate(false)} loading={logout.isPending}>
            {t('header.logout')}
          </Button>
        ) : (
          <Button variant="subtle" color="gray" onClick={() => void navigate('/', { replace: true })}>
            {t('totp.later')}
          </Button>
        )}
      </Stack>
    </AuthCard>
  );
}

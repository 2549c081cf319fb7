import { RecoveryCodes, RecoveryCodesStatus } from '@centrala/contracts';
import { Button, Divider, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconRefresh, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet, apiSend, isApiError } from '../../api';
import { homePath, useCurrentUser } from '../../auth/session';
import { AuthCard } from '../../components/AuthCard';
import { PasswordField } from '../../components/PasswordField';
import { ErrorAlert, QueryState } from '../../components/QueryState';
import { useApplyFieldErrors } from '../../forms';
import { RecoveryCodesList } from './RecoveryCodesList';

const recoveryStatusKey = ['recovery-codes'] as const;

/** A user's own sign-in security: their password, two-factor authentication and recovery codes. */
export function SecurityPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <AuthCard title={t('account.security.title')}>
      <Stack gap="lg">
        <Section title={t('account.security.passwordSection')} text={t('account.security.passwordText')}>
          <Group>
            <Button component={Link} to="/change-password" variant="default" leftSection={<IconKey size={16} />}>
              {t('account.password.title')}
            </Button>
          </Group>
        </Section>
        <Divider />
        <Section
          title={t('account.security.totpSection')}
          text={user.totpEnabled ? t('account.security.totpOn') : t('account.security.totpOff')}
        >
          {!user.totpEnabled && (
            <Group>
              <Button component={Link} to="/totp-setup" variant="default" leftSection={<IconShieldLock size={16} />}>
                {t('account.security.totpSetUp')}
              </Button>
            </Group>
          )}
        </Section>
        {user.totpEnabled && (
          <>
            <Divider />
            <Section title={t('account.security.recoverySection')} text={t('account.security.recoveryText')}>
              <RecoveryCodesStatusLine />
            </Section>
          </>
        )}
        <Button component={Link} to={homePath(user)} variant="subtle" color="gray">
          {t('account.password.back')}
        </Button>
      </Stack>
    </AuthCard>
  );
}

function Section({ title, text, children }: { title: string; text: string; children?: ReactNode }) {
  return (
    <Stack gap="xs" component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm">{text}</Text>
      {children}
    </Stack>
  );
}

function RecoveryCodesStatusLine() {
  const { t } = useTranslation();
  const [regenerating, { open, close }] = useDisclosure(false);
  const status = useQuery({ queryKey: recoveryStatusKey, queryFn: () => apiGet('/api/auth/recovery-codes', RecoveryCodesStatus) });
  return (
    <QueryState query={status}>
      {({ remaining, total }) => (
        <Stack gap="xs">
          {/* Few codes left is worth a warning colour; none left says what to do. */}
          <Text size="sm" fw={600} c={remaining <= 3 ? 'red.8' : undefined} data-testid="recovery-remaining">
            {t('account.security.remaining', { count: remaining, total })}
          </Text>
          {remaining === 0 && (
            <Text size="sm" c="red.8">
              {t('account.security.remainingNone')}
            </Text>
          )}
          <Group>
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={open}>
              {t('account.security.regenerate')}
            </Button>
          </Group>
          <Modal
            opened={regenerating}
            onClose={close}
            title={t('account.security.regenerateTitle')}
            centered
            closeButtonProps={{ 'aria-label': t('common.close') }}
          >
            <RegenerateForm onDone={close} />
          </Modal>
        </Stack>
      )}
    </QueryState>
  );
}

/** Asks for the password, then shows the new codes once. Rendered only while the dialog is open. */
function RegenerateForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const [codes, setCodes] = useState<string[] | null>(null);
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (value) => (value ? null : t('validation.required')) },
  });
  const regenerate = useMutation({
    mutationFn: (password: string) => apiSend('POST', '/api/auth/recovery-codes', { password }, RecoveryCodes),
    onSuccess: (answer) => {
      setCodes(answer.codes);
      void queryClient.invalidateQueries({ queryKey: recoveryStatusKey });
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  if (codes) return <RecoveryCodesList codes={codes} email={user.email} onDone={onDone} />;
  return (
    <form onSubmit={form.onSubmit((values) => regenerate.mutate(values.password))} noValidate>
      <Stack>
        <Text size="sm">{t('account.security.regenerateText')}</Text>
        {regenerate.isError && !(isApiError(regenerate.error) && regenerate.error.fields.length > 0) && (
          <ErrorAlert error={regenerate.error} />
        )}
        <PasswordField
          label={t('account.security.password')}
          autoComplete="current-password"
          required
          withAsterisk={false}
          data-autofocus
          {...form.getInputProps('password')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={regenerate.isPending}>
            {t('account.security.regenerate')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

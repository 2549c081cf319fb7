import { BillingSsoSecret, BillingSsoSettings } from '@centrala/contracts';
import { Alert, Button, Group, Modal, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend } from '../../api';
import { CopyableCode } from '../../components/CopyableCode';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { ErrorAlert, QueryState } from '../../components/QueryState';
import { useFormatDateTime } from '../../i18n';
import { adminQueryKeys } from './queryKeys';

/**
 * Billing panel sign-in (issue 13 point 4; docs/billing-sso.md): on or off, the shared secret (made here and shown
 * once), and the link's format with an example to copy into the panel.
 */
export function BillingSsoPage() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: adminQueryKeys.billingSso,
    queryFn: () => apiGet('/api/admin/billing-sso', BillingSsoSettings),
  });
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        {t('sso.admin.title')}
      </Title>
      <QueryState query={settings}>
        {(s) => (
          <>
            <Text>{t('sso.admin.intro', { seconds: s.linkSeconds })}</Text>
            {s.fromConfig ? (
              <Alert color="blue" icon={<IconInfoCircle />}>
                {t('sso.admin.fromConfig')}
              </Alert>
            ) : (
              <>
                <EnabledSwitch settings={s} />
                <SecretPanel settings={s} />
              </>
            )}
            <LinkFormat settings={s} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function EnabledSwitch({ settings }: { settings: BillingSsoSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (enabled: boolean) => apiSend('PUT', '/api/admin/billing-sso', { enabled }, BillingSsoSettings),
    onSuccess: (next) => {
      queryClient.setQueryData(adminQueryKeys.billingSso, next);
      notifications.show({ color: 'green', message: t(next.enabled ? 'sso.admin.turnedOn' : 'sso.admin.turnedOff') });
    },
  });
  return (
    <Stack gap="xs">
      <Switch
        checked={settings.enabled}
        disabled={!settings.secretSet || save.isPending}
        onChange={(e) => save.mutate(e.currentTarget.checked)}
        label={t('sso.admin.enabled')}
        description={t('sso.admin.enabledHint')}
      />
      {save.isError && <ErrorAlert error={save.error} />}
    </Stack>
  );
}

function SecretPanel({ settings }: { settings: BillingSsoSettings }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const make = useMutation({
    mutationFn: () => apiSend('POST', '/api/admin/billing-sso/secret', undefined, BillingSsoSecret),
    onSuccess: (made) => {
      setConfirming(false);
      setSecret(made.secret);
      queryClient.setQueryData(adminQueryKeys.billingSso, made.settings);
    },
  });
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('sso.admin.secretTitle')}
        </Title>
        <Text size="sm">
          {settings.secretSetAt ? t('sso.admin.secretSetAt', { at: formatDateTime(settings.secretSetAt) }) : t('sso.admin.secretNone')}
        </Text>
        {secret && (
          // The secret exists in the browser only here: the server keeps it sealed and never answers it again.
          <OneTimeSecret
            title={t('sso.admin.newSecretTitle')}
            warning={t('sso.admin.newSecretWarning')}
            secret={secret}
            dismissLabel={t('sso.admin.dismiss')}
            onDismiss={() => setSecret(null)}
            data-testid="billing-sso-secret"
          />
        )}
        {make.isError && <ErrorAlert error={make.error} />}
        <Group>
          <Button
            variant={settings.secretSet ? 'default' : 'filled'}
            loading={make.isPending && !confirming}
            onClick={() => (settings.secretSet ? setConfirming(true) : make.mutate())}
          >
            {settings.secretSet ? t('sso.admin.rotate') : t('sso.admin.generate')}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('sso.admin.rotateConfirmTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Text size="sm">{t('sso.admin.rotateConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={make.isPending} onClick={() => make.mutate()}>
              {t('sso.admin.rotate')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function LinkFormat({ settings }: { settings: BillingSsoSettings }) {
  const { t } = useTranslation();
  const format = `${settings.linkUrl}?contact=…&email=…&ts=…&nonce=…&to=…&sig=…`;
  const canonical = 'v1\\n<contact>\\n<email>\\n<ts>\\n<nonce>\\n<to>';
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('sso.admin.formatTitle')}
        </Title>
        <Text size="sm">{t('sso.admin.formatIntro')}</Text>
        <CopyableCode value={format} />
        <Text size="sm">{t('sso.admin.canonicalIntro')}</Text>
        <CopyableCode value={canonical} />
        <Text size="sm" c="dimmed">
          {t('sso.admin.fields')}
        </Text>
        <Title order={3} size="h5">
          {t('sso.admin.exampleTitle')}
        </Title>
        <CopyableCode value={phpExample(settings.linkUrl)} block />
        <Text size="sm" c="dimmed">
          {t('sso.admin.docs')}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The docs' PHP function (docs/examples/billing-sso/sign-link.php), with this server's address filled in. */
function phpExample(linkUrl: string): string {
  return `<?php
function centrala_sso_link(string $secret, string $contact, string $email = '', string $to = ''): string
{
    $ts = (string) time();
    $nonce = rtrim(strtr(base64_encode(random_bytes(18)), '+/', '-_'), '=');
    $sig = hash_hmac('sha256', implode("\\n", ['v1', $contact, $email, $ts, $nonce, $to]), $secret);
    $query = array_filter(compact('contact', 'email', 'ts', 'nonce', 'to', 'sig'), 'strlen');
    return '${linkUrl}?' . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
}`;
}

import { type DirectoryAccount } from '@centrala/contracts';
import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconBan, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api';
import { useCurrentUser } from '../../../auth/session';
import { QueryState } from '../../../components/QueryState';
import { useFormatDateTime } from '../../../i18n';
import { ConfirmRemove } from '../../admin/email/ConfirmRemove';
import { useAgentTitle } from '../useAgentTitle';
import { AccountModal } from './AccountModal';
import { AuditHistory } from './AuditHistory';
import { ContactsSection } from './ContactsSection';
import { directoryKeys, directoryPaths, fetchAccount } from './directoryApi';
import { Section } from './Section';
import { ServicesSection } from './ServicesSection';
import { AccountStatusBadge } from './StatusBadge';
import { TicketsSection } from './TicketsSection';
import { useDirectoryPatch } from './useDirectoryPatch';

/**
 * `/agent/customers/:id`: one customer with its contacts, services and history (issue 13 point 1). Admins change
 * them here; agents see the same page without a single write button.
 */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const account = useQuery({ queryKey: directoryKeys.account(id), queryFn: () => fetchAccount(id) });
  useAgentTitle(account.data?.name ?? t('directory.list.title'));

  const back = (
    <Anchor component={Link} to="/agent/customers" size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {t('directory.account.back')}
      </Group>
    </Anchor>
  );

  // A malformed id is refused as a 400, an unknown one as a 404: both mean there is no such customer here.
  if (isApiError(account.error) && (account.error.status === 404 || account.error.status === 400)) {
    return (
      <Stack>
        {back}
        <Alert color="orange" data-testid="customer-not-found">
          {t('directory.account.notFound')}
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack>
      {back}
      <QueryState query={account}>{(data) => <CustomerView key={data.id} account={data} />}</QueryState>
    </Stack>
  );
}

function CustomerView({ account }: { account: DirectoryAccount }) {
  const { t } = useTranslation();
  const isAdmin = useCurrentUser().role === 'admin';
  const formatDateTime = useFormatDateTime();
  const [editing, { open: edit, close: closeEdit }] = useDisclosure(false);
  const [confirming, setConfirming] = useState(false);
  const patch = useDirectoryPatch();
  const disabled = account.disabledAt !== null;
  const setDisabled = (value: boolean) =>
    patch.mutate({
      path: directoryPaths.update('accounts', account.id),
      patch: { disabled: value },
      done: value
        ? t('directory.account.disabledNotice', { name: account.name })
        : t('directory.account.enabledNotice', { name: account.name }),
    });

  const details: { label: string; value: string; mono?: boolean }[] = [
    { label: t('directory.account.email'), value: account.email },
    {
      label: t('directory.account.externalId'),
      value: account.externalId ?? t('directory.account.none'),
      mono: account.externalId !== null,
    },
    { label: t('directory.account.created'), value: formatDateTime(account.createdAt) },
    { label: t('directory.account.updated'), value: formatDateTime(account.updatedAt) },
    ...(account.disabledAt ? [{ label: t('directory.account.disabledAt'), value: formatDateTime(account.disabledAt) }] : []),
    { label: t('directory.list.tickets'), value: String(account.counts.tickets) },
  ];

  return (
    <Stack gap="lg" data-testid="customer-view" data-disabled={disabled}>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {account.name}
          </Title>
          <AccountStatusBadge disabled={disabled} />
        </Group>
        {isAdmin && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit}>
              {t('directory.account.edit')}
            </Button>
            {disabled ? (
              <Button
                variant="default"
                color="green"
                leftSection={<IconCircleCheck size={16} />}
                onClick={() => setDisabled(false)}
                loading={patch.isPending}
              >
                {t('directory.account.enable')}
              </Button>
            ) : (
              <Button
                variant="outline"
                color="red"
                leftSection={<IconBan size={16} />}
                onClick={() => setConfirming(true)}
                loading={patch.isPending}
              >
                {t('directory.account.disable')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {disabled && (
        <Alert color="orange" data-testid="customer-disabled">
          {t('directory.account.disabledBanner')}
        </Alert>
      )}
      <Section name="details" title={t('directory.account.details')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" component="dl" m={0}>
          {details.map(({ label, value, mono }) => (
            <div key={label}>
              <Text component="dt" size="xs" c="dimmed" fw={500}>
                {label}
              </Text>
              <Text component="dd" m={0} size="sm" ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
                {value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      </Section>
      <ContactsSection account={account} isAdmin={isAdmin} />
      <ServicesSection accountId={account.id} isAdmin={isAdmin} />
      <TicketsSection accountId={account.id} />
      <AuditHistory accountId={account.id} />
      {isAdmin && (
        <>
          <AccountModal opened={editing} account={account} onClose={closeEdit} />
          <ConfirmRemove
            opened={confirming}
            title={t('directory.account.disableTitle', { name: account.name })}
            text={t('directory.account.disableText')}
            confirm={t('directory.account.disableConfirm')}
            loading={false}
            onConfirm={() => {
              setDisabled(true);
              setConfirming(false);
            }}
            onCancel={() => setConfirming(false)}
          />
        </>
      )}
    </Stack>
  );
}

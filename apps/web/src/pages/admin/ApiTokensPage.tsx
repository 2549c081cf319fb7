import { ApiToken } from '@centrala/contracts';
import { Badge, Button, Group, Modal, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, unwrap } from '../../api';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { ErrorAlert, QueryState } from '../../components/QueryState';
import { useFormatDateTime } from '../../i18n';
import { CreateTokenModal, type CreatedToken } from './CreateTokenModal';
import { wholeBadgeLabel } from '../../tickets/badges';
import { adminQueryKeys } from './queryKeys';

export function ApiTokensPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  // The token stays set while the confirmation animates closed, so its text does not go blank.
  const [revoking, setRevoking] = useState<{ opened: boolean; token: ApiToken | null }>({ opened: false, token: null });
  const tokens = useQuery({
    queryKey: adminQueryKeys.apiTokens,
    queryFn: () => apiGet('/api/admin/api-tokens', unwrap('tokens', ApiToken.array())),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('tokens.title')}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('tokens.add')}
        </Button>
      </Group>
      {created && <NewSecret created={created} onDismiss={() => setCreated(null)} />}
      <QueryState query={tokens}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('tokens.empty')}</Text>
          ) : (
            <TokensTable tokens={list} onRevoke={(token) => setRevoking({ opened: true, token })} />
          )
        }
      </QueryState>
      <CreateTokenModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          setCreated(result);
        }}
      />
      <RevokeModal
        opened={revoking.opened}
        token={revoking.token}
        onClose={() => setRevoking((current) => ({ ...current, opened: false }))}
      />
    </Stack>
  );
}

/** The secret exists in the browser only here: the server keeps a hash, so it cannot be shown again. */
function NewSecret({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <OneTimeSecret
      title={t('tokens.secretTitle', { name: created.token.name })}
      warning={t('tokens.secretWarning')}
      secret={created.secret}
      dismissLabel={t('tokens.dismiss')}
      onDismiss={onDismiss}
      data-testid="api-token-secret"
    />
  );
}

function TokensTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="sm" withTableBorder highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tokens.name')}</Table.Th>
            <Table.Th>{t('tokens.prefix')}</Table.Th>
            <Table.Th>{t('tokens.scopes')}</Table.Th>
            <Table.Th>{t('tokens.created')}</Table.Th>
            <Table.Th>{t('tokens.lastUsed')}</Table.Th>
            <Table.Th>{t('tokens.status')}</Table.Th>
            <Table.Th aria-label={t('tokens.revoke')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td fw={600}>{token.name}</Table.Td>
              <Table.Td ff="monospace">{token.prefix}…</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {token.scopes.map((scope) => (
                    <Badge key={scope} styles={wholeBadgeLabel} variant="outline" tt="none" ff="monospace" fw={500}>
                      {scope}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
              <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('common.never')}</Table.Td>
              <Table.Td>
                {token.revokedAt ? (
                  <Tooltip label={formatDateTime(token.revokedAt)} withArrow>
                    <Badge styles={wholeBadgeLabel} color="gray" variant="light">
                      {t('tokens.revoked')}
                    </Badge>
                  </Tooltip>
                ) : (
                  <Badge styles={wholeBadgeLabel} color="green" variant="light">
                    {t('tokens.active')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {!token.revokedAt && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('tokens.revokeFor', { name: token.name })}
                    onClick={() => onRevoke(token)}
                  >
                    {t('tokens.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RevokeModalProps {
  opened: boolean;
  token: ApiToken | null;
  onClose: () => void;
}

function RevokeModal({ opened, token, onClose }: RevokeModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (target: ApiToken) => apiSend('DELETE', `/api/admin/api-tokens/${encodeURIComponent(target.id)}`),
    onSuccess: async (_data, target) => {
      notifications.show({ color: 'green', message: t('tokens.revokedDone', { name: target.name }) });
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.apiTokens });
      onClose();
    },
  });
  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('tokens.revokeTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        {revoke.isError && <ErrorAlert error={revoke.error} />}
        <Text size="sm">{t('tokens.revokeText', { name: token?.name ?? '' })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => token && revoke.mutate(token)}>
            {t('tokens.revoke')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

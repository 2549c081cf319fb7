import { Webhook, WebhookCreated, WebhookSecret } from '@centrala/contracts';
import { Badge, Button, Group, Menu, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, unwrap } from '../../api';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { ErrorAlert, QueryState } from '../../components/QueryState';
import { wholeBadgeLabel } from '../../tickets/badges';
import { CreateWebhookModal } from './CreateWebhookModal';
import { queryKeyOfDeliveries, WebhookDeliveries } from './WebhookDeliveries';
import { adminQueryKeys } from './queryKeys';

type Confirming = { kind: 'rotate' | 'delete'; webhook: Webhook } | null;

/**
 * Admin → Webhooks (issue 13 point 6): the subscriptions, a new one (its secret shown once), and per subscription
 * its deliveries with resend, a test ping, a new secret, on/off and removal.
 */
export function WebhooksPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ opened: boolean; what: Confirming }>({ opened: false, what: null });
  const webhooks = useQuery({
    queryKey: adminQueryKeys.webhooks,
    queryFn: () => apiGet('/api/admin/webhooks', unwrap('webhooks', Webhook.array())),
    // The waiting and failed counts move as deliveries are sent: they follow while the page is open.
    refetchInterval: 5000,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('webhooks.title')}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('webhooks.add')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" maw={900}>
        {t('webhooks.intro')}
      </Text>
      {secret && (
        <OneTimeSecret
          title={t('webhooks.secretTitle', { url: secret.url })}
          warning={t('webhooks.secretWarning')}
          secret={secret.secret}
          dismissLabel={t('webhooks.dismiss')}
          onDismiss={() => setSecret(null)}
          data-testid="webhook-secret"
        />
      )}
      <QueryState query={webhooks}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('webhooks.empty')}</Text>
          ) : (
            <WebhooksTable
              webhooks={list}
              selected={selected}
              onSelect={setSelected}
              onConfirm={(what) => setConfirming({ opened: true, what })}
            />
          )
        }
      </QueryState>
      {selected && webhooks.data?.some((w) => w.id === selected) && (
        <WebhookDeliveries webhook={webhooks.data.find((w) => w.id === selected)!} />
      )}
      <CreateWebhookModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(created: WebhookCreated) => {
          setCreating(false);
          setSecret({ url: created.webhook.url, secret: created.secret });
          setSelected(created.webhook.id);
        }}
      />
      <ConfirmModal
        opened={confirming.opened}
        what={confirming.what}
        onClose={() => setConfirming((current) => ({ ...current, opened: false }))}
        onRotated={(url, value) => setSecret({ url, secret: value })}
        onDeleted={(id) => setSelected((current) => (current === id ? null : current))}
      />
    </Stack>
  );
}

interface WebhooksTableProps {
  webhooks: Webhook[];
  selected: string | null;
  onSelect: (id: string) => void;
  onConfirm: (what: Confirming) => void;
}

function WebhooksTable({ webhooks, selected, onSelect, onConfirm }: WebhooksTableProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminQueryKeys.webhooks });
  const toggle = useMutation({
    mutationFn: (w: Webhook) => apiSend('PATCH', `/api/admin/webhooks/${encodeURIComponent(w.id)}`, { active: !w.active }),
    onSuccess: refresh,
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });
  const ping = useMutation({
    mutationFn: (w: Webhook) => apiSend('POST', `/api/admin/webhooks/${encodeURIComponent(w.id)}/ping`, {}),
    onSuccess: async (_data, w) => {
      notifications.show({ color: 'green', message: t('webhooks.pingSent', { url: w.url }) });
      onSelect(w.id);
      await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: queryKeyOfDeliveries(w.id) })]);
    },
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" withTableBorder highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('webhooks.url')}</Table.Th>
            <Table.Th>{t('webhooks.events')}</Table.Th>
            <Table.Th>{t('webhooks.status')}</Table.Th>
            <Table.Th>{t('webhooks.queue')}</Table.Th>
            <Table.Th>{t('webhooks.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {webhooks.map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {w.url}
                </Text>
                {w.description && (
                  <Text size="xs" c="dimmed">
                    {w.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {w.eventTypes.map((type) => (
                    <Badge key={type} styles={wholeBadgeLabel} variant="outline" tt="none" ff="monospace" fw={500}>
                      {type}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge styles={wholeBadgeLabel} color={w.active ? 'green' : 'gray'} variant="light">
                  {w.active ? t('webhooks.active') : t('webhooks.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={w.failed ? 'red.8' : undefined}>
                  {t('webhooks.queueValue', { pending: w.pending, failed: w.failed })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant={selected === w.id ? 'filled' : 'light'}
                    onClick={() => onSelect(w.id)}
                    aria-pressed={selected === w.id}
                  >
                    {t('webhooks.deliveries')}
                  </Button>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button
                        size="xs"
                        variant="default"
                        rightSection={<IconChevronDown size={14} />}
                        aria-label={t('webhooks.moreFor', { url: w.url })}
                      >
                        {t('webhooks.actions')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => ping.mutate(w)}>{t('webhooks.ping')}</Menu.Item>
                      <Menu.Item onClick={() => toggle.mutate(w)}>{w.active ? t('webhooks.deactivate') : t('webhooks.activate')}</Menu.Item>
                      <Menu.Item onClick={() => onConfirm({ kind: 'rotate', webhook: w })}>{t('webhooks.rotate')}</Menu.Item>
                      <Menu.Divider />
                      <Menu.Item color="red" onClick={() => onConfirm({ kind: 'delete', webhook: w })}>
                        {t('webhooks.delete')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface ConfirmModalProps {
  opened: boolean;
  what: Confirming;
  onClose: () => void;
  onRotated: (url: string, secret: string) => void;
  onDeleted: (id: string) => void;
}

/** Rotating the secret and deleting cannot be undone: each is confirmed. */
function ConfirmModal({ opened, what, onClose, onRotated, onDeleted }: ConfirmModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: async (target: NonNullable<Confirming>) => {
      const path = `/api/admin/webhooks/${encodeURIComponent(target.webhook.id)}`;
      if (target.kind === 'delete') return apiSend('DELETE', path);
      onRotated(target.webhook.url, (await apiSend('POST', `${path}/rotate-secret`, {}, WebhookSecret)).secret);
    },
    onSuccess: async (_data, target) => {
      if (target.kind === 'delete') {
        notifications.show({ color: 'green', message: t('webhooks.deleted') });
        onDeleted(target.webhook.id);
      }
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.webhooks });
      onClose();
    },
  });
  const close = () => {
    act.reset();
    onClose();
  };
  const url = what?.webhook.url ?? '';
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={what?.kind === 'delete' ? t('webhooks.deleteTitle') : t('webhooks.rotateTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        {act.isError && <ErrorAlert error={act.error} />}
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {what?.kind === 'delete' ? t('webhooks.deleteText', { url }) : t('webhooks.rotateText', { url })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color={what?.kind === 'delete' ? 'red' : undefined} loading={act.isPending} onClick={() => what && act.mutate(what)}>
            {what?.kind === 'delete' ? t('webhooks.delete') : t('webhooks.rotate')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

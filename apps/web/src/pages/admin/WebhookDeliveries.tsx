import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_PING,
  WebhookDelivery,
  WebhookDeliveryDetail,
  type Webhook,
  type WebhookEventType,
} from '@centrala/contracts';
import { Badge, Button, Code, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, unwrap } from '../../api';
import { QueryState } from '../../components/QueryState';
import { useFormatDateTime } from '../../i18n';
import { wholeBadgeLabel } from '../../tickets/badges';
import { adminQueryKeys } from './queryKeys';

export const queryKeyOfDeliveries = (id: string) => [...adminQueryKeys.webhooks, id, 'deliveries'];

const STATE_COLOR = { queued: 'yellow', sending: 'blue', delivered: 'green', failed: 'red' } as const;

/** One subscription's deliveries, newest first: state, attempts, last answer, next retry; resend and the attempts' log. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<{ opened: boolean; delivery: WebhookDelivery | null }>({ opened: false, delivery: null });
  const base = `/api/admin/webhooks/${encodeURIComponent(webhook.id)}`;
  const deliveries = useQuery({
    queryKey: queryKeyOfDeliveries(webhook.id),
    queryFn: () => apiGet(`${base}/deliveries`, unwrap('deliveries', WebhookDelivery.array())),
    // Deliveries move on their own (sent, retried): the log follows while it is open.
    refetchInterval: 5000,
  });
  const resend = useMutation({
    mutationFn: (d: WebhookDelivery) => apiSend('POST', `${base}/deliveries/${encodeURIComponent(d.id)}/resend`, {}),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('webhooks.log.resent') });
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.webhooks });
    },
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });
  const eventName = (type: string) =>
    NAMED.includes(type) ? t(`webhooks.eventTypes.${type as WebhookEventType | typeof WEBHOOK_PING}`) : type;

  return (
    <Stack gap="sm" component="section" aria-labelledby="webhook-deliveries-title">
      <Group justify="space-between">
        <Title order={2} size="h3" id="webhook-deliveries-title" style={{ wordBreak: 'break-all' }}>
          {t('webhooks.deliveriesFor', { url: webhook.url })}
        </Title>
        <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={() => void deliveries.refetch()}>
          {t('common.refresh')}
        </Button>
      </Group>
      <QueryState query={deliveries}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('webhooks.log.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="xs" withTableBorder data-testid="webhook-deliveries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('webhooks.log.event')}</Table.Th>
                    <Table.Th>{t('webhooks.log.created')}</Table.Th>
                    <Table.Th>{t('webhooks.log.state')}</Table.Th>
                    <Table.Th>{t('webhooks.log.attempts')}</Table.Th>
                    <Table.Th>{t('webhooks.log.lastStatus')}</Table.Th>
                    <Table.Th>{t('webhooks.log.nextAttempt')}</Table.Th>
                    <Table.Th>{t('webhooks.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>
                        <Text size="sm">{eventName(d.eventType)}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {d.eventId}
                        </Text>
                      </Table.Td>
                      <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                      <Table.Td>
                        <Badge styles={wholeBadgeLabel} color={STATE_COLOR[d.state]} variant="light">
                          {t(`webhooks.log.states.${d.state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{d.attempts}</Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ wordBreak: 'break-word' }}>
                          {d.lastStatus ?? d.lastError ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="subtle"
                            aria-label={t('webhooks.log.detailsFor', {
                              event: eventName(d.eventType),
                              created: formatDateTime(d.createdAt),
                            })}
                            onClick={() => setShown({ opened: true, delivery: d })}
                          >
                            {t('webhooks.log.details')}
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            disabled={d.state === 'sending'}
                            aria-label={t('webhooks.log.resendFor', {
                              event: eventName(d.eventType),
                              created: formatDateTime(d.createdAt),
                            })}
                            onClick={() => resend.mutate(d)}
                          >
                            {t('webhooks.log.resend')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <AttemptsModal
        base={base}
        opened={shown.opened}
        delivery={shown.delivery}
        onClose={() => setShown((current) => ({ ...current, opened: false }))}
      />
    </Stack>
  );
}

/** The types the page names in words; one a later release adds is shown as it is sent. */
const NAMED: readonly string[] = [...WEBHOOK_EVENT_TYPES, WEBHOOK_PING];

interface AttemptsModalProps {
  base: string;
  opened: boolean;
  delivery: WebhookDelivery | null;
  onClose: () => void;
}

/** Every attempt of one delivery: when, the status, how long it took, the start of the answer or the error. */
function AttemptsModal({ base, opened, delivery, onClose }: AttemptsModalProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const detail = useQuery({
    queryKey: [...adminQueryKeys.webhooks, 'delivery', delivery?.id],
    queryFn: () => apiGet(`${base}/deliveries/${encodeURIComponent(delivery!.id)}`, WebhookDeliveryDetail),
    enabled: opened && delivery !== null,
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={t('webhooks.log.detailsTitle', { id: delivery?.eventId ?? '' })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <QueryState query={detail}>
        {(d) => (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.log.at')}</Table.Th>
                  <Table.Th>{t('webhooks.log.statusCode')}</Table.Th>
                  <Table.Th>{t('webhooks.log.duration')}</Table.Th>
                  <Table.Th>{t('webhooks.log.response')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.log.map((a, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{formatDateTime(a.at)}</Table.Td>
                    <Table.Td>{a.statusCode ?? t('webhooks.log.noAnswer')}</Table.Td>
                    <Table.Td>{t('webhooks.log.durationValue', { ms: a.durationMs })}</Table.Td>
                    <Table.Td>
                      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 160, overflow: 'auto' }}>
                        {a.error ?? a.responseBody ?? ''}
                      </Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Modal>
  );
}

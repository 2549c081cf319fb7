import { OutboxEmail } from '@centrala/contracts';
import { Accordion, Badge, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet, unwrap } from '../../api';
import { QueryState } from '../../components/QueryState';
import { useFormatDateTime } from '../../i18n';
import { adminQueryKeys } from './queryKeys';
import { z } from 'zod';

/**
 * An outbox row with its delivery (issue 12 point 6, helper `out`) when the API gives it: state, attempts, the last
 * error, when it was sent or is tried next. Optional here, so the screen works against either API.
 */
const OutboxRow = OutboxEmail.extend({
  state: z.enum(['queued', 'sending', 'sent', 'failed']).optional(),
  attempts: z.number().int().optional(),
  lastError: z.string().nullable().optional(),
  sentAt: z.string().nullable().optional(),
  nextAttemptAt: z.string().nullable().optional(),
  messageId: z.string().nullable().optional(),
});
type OutboxRow = z.infer<typeof OutboxRow>;
const stateColor = { queued: 'blue', sending: 'cyan', sent: 'green', failed: 'red' } as const;

export function OutboxPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const outbox = useQuery({
    queryKey: adminQueryKeys.outbox,
    queryFn: () => apiGet('/api/admin/outbox', unwrap('emails', OutboxRow.array())),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {t('outbox.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('outbox.intro')}
          </Text>
        </div>
        <Button variant="default" leftSection={<IconRefresh size={16} />} loading={outbox.isFetching} onClick={() => void outbox.refetch()}>
          {t('common.refresh')}
        </Button>
      </Group>
      <QueryState query={outbox}>
        {(emails) =>
          emails.length === 0 ? (
            <Text c="dimmed">{t('outbox.empty')}</Text>
          ) : (
            <Accordion variant="separated" chevronPosition="left">
              {emails.map((email) => (
                <Accordion.Item key={email.id} value={email.id} data-testid="outbox-email">
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" gap="md">
                      <div style={{ minWidth: 0 }}>
                        <Text fw={600} truncate>
                          {email.subject}
                        </Text>
                        <Text size="sm" c="dimmed" truncate>
                          {t('outbox.to')}: {email.to}
                        </Text>
                      </div>
                      <Stack gap={2} align="flex-end" style={{ flex: 'none' }}>
                        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                          <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
                        </Text>
                        {email.state && (
                          <Badge color={stateColor[email.state]} variant="light" tt="none" data-testid="outbox-state">
                            {t(`email.outbox.states.${email.state}`)}
                          </Badge>
                        )}
                      </Stack>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Delivery email={email} />
                    {/* Plain text on purpose: mail bodies are never rendered as HTML. */}
                    <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                      {email.text}
                    </Code>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )
        }
      </QueryState>
    </Stack>
  );
}

/** How delivery went: attempts, when it was sent or is tried next, the relay's last answer. */
function Delivery({ email }: { email: OutboxRow }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (!email.state) return null;
  return (
    <Stack gap={2} mb="xs" data-testid="outbox-delivery">
      <Text size="sm">
        {t('email.outbox.attempts', { count: email.attempts ?? 0 })}
        {email.sentAt ? ` · ${t('email.outbox.sentAt', { at: formatDateTime(email.sentAt) })}` : ''}
        {email.state === 'queued' && email.nextAttemptAt
          ? ` · ${t('email.outbox.nextAttempt', { at: formatDateTime(email.nextAttemptAt) })}`
          : ''}
      </Text>
      {email.lastError && (
        <Text size="sm" c="red.9" style={{ overflowWrap: 'anywhere' }}>
          {t('email.outbox.lastError')}: {email.lastError}
        </Text>
      )}
      {email.messageId && (
        <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          Message-ID: &lt;{email.messageId}&gt;
        </Text>
      )}
    </Stack>
  );
}

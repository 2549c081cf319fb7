import { OutboxEmail } from '@centrala/contracts';
import { Accordion, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet, unwrap } from '../../api';
import { QueryState } from '../../components/QueryState';
import { useFormatDateTime } from '../../i18n';
import { adminQueryKeys } from './queryKeys';

export function OutboxPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const outbox = useQuery({
    queryKey: adminQueryKeys.outbox,
    queryFn: () => apiGet('/api/admin/outbox', unwrap('emails', OutboxEmail.array())),
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
                      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
                      </Text>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
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

import type { TicketMessage } from '@centrala/contracts';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPencil, IconSend } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MessageCard } from './MessageCard';

interface CollisionNoticeProps {
  missed: TicketMessage[];
  /** The server refused the send: focus comes here, so the agent reads this before anything else. */
  refused: boolean;
  onSendAnyway: () => void;
  onEdit: () => void;
  sending: boolean;
}

/**
 * "Someone answered after you started": the messages the agent missed, above their draft, and the two ways
 * on (issue 10 point 4). Both are buttons, reached with Tab; Edit hands focus back to the draft.
 */
export function CollisionNotice({ missed, refused, onSendAnyway, onEdit, sending }: CollisionNoticeProps) {
  const { t } = useTranslation();
  const notice = useRef<HTMLDivElement>(null);
  const names = [...new Set(missed.filter((m) => m.authorType === 'agent' && !m.internal).map((m) => m.authorName))];

  useEffect(() => {
    if (refused) notice.current?.focus();
  }, [refused]);

  return (
    <Alert
      ref={notice}
      tabIndex={-1}
      color="orange"
      variant="outline"
      icon={<IconAlertTriangle />}
      // The title in the text colour: orange text on white is too faint to read (WCAG AA needs 4.5:1).
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      title={t('agentTickets.collision.title', { names: names.join(', ') })}
      data-testid="reply-collision"
      data-refused={refused}
    >
      <Stack gap="sm">
        <Text size="sm">{t('agentTickets.collision.explain')}</Text>
        <Stack gap="xs" component="section" aria-label={t('agentTickets.collision.missed')}>
          {missed.map((message) => (
            <MessageCard key={message.id} message={message} />
          ))}
        </Stack>
        <Group gap="xs">
          <Button size="xs" leftSection={<IconSend size={14} />} onClick={onSendAnyway} loading={sending} data-testid="send-anyway">
            {t('agentTickets.collision.sendAnyway')}
          </Button>
          <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="collision-edit">
            {t('agentTickets.collision.edit')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

import type { AttachmentMeta, TicketMessage } from '@centrala/contracts';
import { Anchor, Badge, Group, Image, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconLock, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmailDetails } from '../../../email/EmailDetails';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { inlineUrl } from '../../../tickets/attachments';
import { TrustBadge } from '../../../tickets/badges';
import { formatBytes } from '../../../tickets/format';
import { FileName } from '../../../tickets/FileName';

/**
 * Customer, agent and internal-note messages each look different, so a note is never mistaken for a reply.
 * The customer's MessageList is a different view of the same data (no notes, no trust), hence a separate component.
 */
function messageStyle(message: TicketMessage) {
  if (message.internal) return { bg: 'yellow.0', border: 'var(--mantine-color-yellow-5)' };
  if (message.authorType === 'agent') return { bg: 'blue.0', border: 'var(--mantine-color-blue-2)' };
  if (message.authorType === 'system') return { bg: 'gray.0', border: 'var(--mantine-color-gray-2)' };
  return { bg: 'white', border: 'var(--mantine-color-gray-3)' };
}

export function MessageCard({ message }: { message: TicketMessage }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const style = messageStyle(message);
  return (
    <Paper
      component="article"
      p="sm"
      radius="md"
      bg={style.bg}
      style={{ border: `1px solid ${style.border}`, borderLeftWidth: message.internal ? 4 : 1 }}
      ml={message.authorType === 'agent' ? { base: 0, sm: 'xl' } : undefined}
      mr={message.authorType === 'customer' ? { base: 0, sm: 'xl' } : undefined}
      data-testid="message"
      data-internal={message.internal}
      data-author-type={message.authorType}
    >
      <Stack gap="xs">
        {message.internal && (
          <Badge color="yellow" variant="filled" leftSection={<IconLock size={12} aria-hidden />} tt="none">
            {t('agentTickets.ticket.internalNote')}
          </Badge>
        )}
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs">
            <Text fw={600} size="sm">
              {message.authorType === 'system' ? t('agentTickets.ticket.system') : message.authorName}
            </Text>
            <TrustBadge trust={message.trust} size="xs" />
            {/* A customer's words an agent wrote down on a call (issue 13 point 5): identified by that agent. */}
            {message.authorType === 'customer' && message.trust === 'staff' && (
              <Badge size="xs" variant="light" color="grape" tt="none" data-testid="message-by-phone">
                {t('agentTickets.ticket.byPhone')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
          </Text>
        </Group>
        {message.email ? (
          <EmailDetails email={message.email} body={message.body} attachments={message.attachments} />
        ) : (
          // Plain text only: React escapes it, and pre-wrap keeps the customer's line breaks and log layout.
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {message.body}
          </Text>
        )}
        {message.attachments.length > 0 && <Attachments attachments={message.attachments} />}
      </Stack>
    </Paper>
  );
}

function Attachments({ attachments }: { attachments: AttachmentMeta[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const images = attachments.filter((file) => file.isImage);
  const others = attachments.filter((file) => !file.isImage);
  return (
    <Stack gap={6} aria-label={t('agentTickets.ticket.attachments')}>
      {images.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
          {images.map((file) => (
            <Anchor
              key={file.id}
              href={file.url}
              download={file.filename}
              aria-label={t('tickets.attachments.download', { name: file.filename })}
            >
              <Image
                src={inlineUrl(file.url)}
                alt={t('agentTickets.ticket.imagePreview', { name: file.filename })}
                h={120}
                fit="contain"
                radius="sm"
                bg="gray.1"
                loading="lazy"
              />
              <Text size="xs" truncate c="dimmed" title={file.filename}>
                {file.filename}
              </Text>
            </Anchor>
          ))}
        </SimpleGrid>
      )}
      {others.map((file) => (
        // A long name ends in an ellipsis (whole in the tooltip), so the size stays in view and the ticket view keeps
        // its width. The size is beside the link, not in it: the link is named by what it shows (speech control
        // users say the file's name), as in the client area.
        <Group key={file.id} gap={6} wrap="nowrap" miw={0} data-testid="message-attachment">
          <IconPaperclip size={14} aria-hidden style={{ flex: 'none' }} />
          <Anchor href={file.url} download={file.filename} size="sm" title={file.filename} miw={0} style={{ display: 'flex', minWidth: 0 }}>
            <FileName filename={file.filename} />
          </Anchor>
          <Text span size="xs" c="dimmed" style={{ flex: 'none', whiteSpace: 'nowrap' }}>
            {formatBytes(file.sizeBytes, locale)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

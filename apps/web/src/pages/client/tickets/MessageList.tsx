import type { AttachmentMeta, TicketMessage } from '@centrala/contracts';
import { Anchor, Avatar, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconDownload, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { inlineUrl } from '../../../tickets/attachments';
import { formatBytes } from '../../../tickets/format';
import { FileName } from '../../../tickets/FileName';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

/**
 * The conversation, oldest first. Internal notes never reach customers; the filter is a second guard.
 * Kept apart from the agent's MessageCard on purpose: a chat layout without notes or trust badges, and its own
 * accessible names for attachments (which the e2e journeys and screen readers rely on). Both use src/tickets helpers.
 */
export function MessageList({ messages }: { messages: TicketMessage[] }) {
  return (
    <Stack gap="md" component="ol" m={0} p={0} style={{ listStyle: 'none' }} data-testid="message-list">
      {messages
        .filter((message) => !message.internal)
        .map((message) =>
          message.authorType === 'system' ? (
            <SystemMessage key={message.id} message={message} />
          ) : (
            <Message key={message.id} message={message} />
          ),
        )}
    </Stack>
  );
}

function Message({ message }: { message: TicketMessage }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const mine = message.authorType === 'customer';
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      radius="md"
      data-testid="message"
      data-author={message.authorType}
      // Customers' own messages sit right and tinted, support's left and plain, like any chat they know.
      bg={mine ? 'var(--mantine-color-indigo-0)' : 'var(--mantine-color-body)'}
      ml={mine ? { base: 'md', sm: 'xl' } : 0}
      mr={mine ? 0 : { base: 'md', sm: 'xl' }}
      style={mine ? undefined : { borderLeft: '3px solid var(--mantine-color-teal-5)' }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs" gap="sm">
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color={mine ? 'indigo' : 'teal'} aria-hidden>
            {initials(message.authorName)}
          </Avatar>
          <div>
            <Group gap={6}>
              {/* An email sender is known by the address alone: a long one breaks rather than widen a phone's page. */}
              <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {message.authorName}
              </Text>
              {!mine && (
                <Badge size="xs" variant="light" color="teal">
                  {t('clientTickets.view.support')}
                </Badge>
              )}
              {/* What they said on a call, as the agent who took it wrote it down (issue 13 point 5). */}
              {mine && message.trust === 'staff' && (
                <Badge size="xs" variant="light" color="grape" tt="none">
                  {t('clientTickets.view.byPhone')}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
              {formatDateTime(message.createdAt)}
            </Text>
          </div>
        </Group>
      </Group>
      {/* Plain text on purpose: bodies may come from email and are never rendered as HTML. */}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
        {message.body}
      </Text>
      {message.attachments.length > 0 && <MessageAttachments attachments={message.attachments} />}
    </Paper>
  );
}

function SystemMessage({ message }: { message: TicketMessage }) {
  const formatDateTime = useFormatDateTime();
  return (
    <Stack component="li" gap={2} align="center" ta="center" data-testid="message" data-author="system" px="xl">
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {message.body}
      </Text>
      <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
        {message.authorName} · {formatDateTime(message.createdAt)}
      </Text>
    </Stack>
  );
}

function MessageAttachments({ attachments }: { attachments: AttachmentMeta[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const images = attachments.filter((a) => a.isImage);
  const others = attachments.filter((a) => !a.isImage);
  return (
    <Stack gap="xs" mt="sm" data-testid="message-attachments">
      {images.length > 0 && (
        <Group gap="sm">
          {images.map((image) => (
            <Anchor
              key={image.id}
              href={image.url}
              download={image.filename}
              aria-label={t('tickets.attachments.download', { name: image.filename })}
              title={`${image.filename} (${formatBytes(image.sizeBytes, locale)})`}
              data-testid="attachment-link"
            >
              <img
                src={inlineUrl(image.url)}
                alt={t('clientTickets.attachments.preview', { name: image.filename })}
                loading="lazy"
                style={{
                  display: 'block',
                  width: 160,
                  height: 110,
                  objectFit: 'cover',
                  borderRadius: 6,
                  border: '1px solid var(--mantine-color-gray-3)',
                }}
              />
            </Anchor>
          ))}
        </Group>
      )}
      {others.map((file) => (
        // A long name ends in an ellipsis (whole in the tooltip), so the icons and the size keep their place.
        <Group key={file.id} gap={6} wrap="nowrap" miw={0}>
          <IconPaperclip size={14} aria-hidden style={{ flex: 'none' }} />
          <Anchor
            href={file.url}
            download={file.filename}
            size="sm"
            data-testid="attachment-link"
            title={file.filename}
            miw={0}
            style={{ display: 'flex', minWidth: 0 }}
          >
            <FileName filename={file.filename} />
          </Anchor>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', flex: 'none' }}>
            {formatBytes(file.sizeBytes, locale)}
          </Text>
          <IconDownload size={14} aria-hidden color="var(--mantine-color-dimmed)" style={{ flex: 'none' }} />
        </Group>
      ))}
    </Stack>
  );
}

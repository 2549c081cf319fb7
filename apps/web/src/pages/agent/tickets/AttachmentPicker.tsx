import { CloseButton, Group, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { notifications } from '@mantine/notifications';
import { IconPaperclip, IconUpload } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../../tickets/attachments';
import { formatBytes } from '../../../tickets/format';

function rejectReason(code: string) {
  if (code === 'file-too-large') return 'agentTickets.reply.rejectReasons.tooLarge' as const;
  if (code === 'too-many-files') return 'agentTickets.reply.rejectReasons.tooMany' as const;
  return 'agentTickets.reply.rejectReasons.other' as const;
}

interface AttachmentPickerProps {
  files: File[];
  onChange: (files: File[]) => void;
  disabled?: boolean;
}

/**
 * A compact dropzone under the reply box; rejected files are reported as notifications. The customer's larger
 * AttachmentDropzone (with previews) shares the limits in src/tickets/attachments.ts.
 */
export function AttachmentPicker({ files, onChange, disabled }: AttachmentPickerProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const maxSize = formatBytes(MAX_ATTACHMENT_BYTES, locale);
  const labelId = useId();
  const hintId = useId();

  const reject = (rejections: FileRejection[]) => {
    for (const rejection of rejections) {
      notifications.show({
        color: 'orange',
        message: t('agentTickets.reply.rejected', {
          name: rejection.file.name,
          reason: rejection.errors.map((error) => t(rejectReason(error.code), { maxSize, maxFiles: MAX_ATTACHMENTS })).join(', '),
        }),
      });
    }
  };

  return (
    <Stack gap={6}>
      <Dropzone
        onDrop={(dropped) => onChange([...files, ...dropped].slice(0, MAX_ATTACHMENTS))}
        onReject={reject}
        maxSize={MAX_ATTACHMENT_BYTES}
        maxFiles={MAX_ATTACHMENTS}
        disabled={disabled}
        // One button for assistive technology, named by its visible text and described by the limits below it (Enter
        // or Space opens the file dialog); the undisplayed file input inside is only its mechanism. The same as the
        // customer's AttachmentDropzone.
        role="button"
        aria-labelledby={labelId}
        aria-describedby={hintId}
        inputProps={{ style: { display: 'none' } }}
        p="xs"
        data-testid="reply-attachments"
      >
        <Group gap="xs" justify="center" mih={36} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <IconUpload size={18} aria-hidden />
          </Dropzone.Accept>
          <Dropzone.Idle>
            <IconPaperclip size={18} aria-hidden />
          </Dropzone.Idle>
          <Text size="sm" id={labelId}>
            {t('agentTickets.reply.attach')}
          </Text>
        </Group>
      </Dropzone>
      <Text size="xs" c="dimmed" id={hintId} mt={-4}>
        {t('agentTickets.reply.attachHint', { count: MAX_ATTACHMENTS, size: maxSize })}
      </Text>
      {files.map((file, index) => (
        <Group key={`${file.name}-${index}`} gap="xs" wrap="nowrap" data-testid="reply-attachment">
          <IconPaperclip size={14} aria-hidden />
          <Text size="sm" truncate style={{ flex: 1 }}>
            {file.name}
          </Text>
          <CloseButton
            size="sm"
            aria-label={t('tickets.attachments.remove', { name: file.name })}
            onClick={() => onChange(files.filter((_, position) => position !== index))}
          />
        </Group>
      ))}
    </Stack>
  );
}

import { CloseButton, Group, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { notifications } from '@mantine/notifications';
import { IconPaperclip, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

// The server's defaults (ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES); it enforces its own, this only warns early.
const maxBytes = 10 * 1024 * 1024;
const maxFiles = 10;

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

export function AttachmentPicker({ files, onChange, disabled }: AttachmentPickerProps) {
  const { t } = useTranslation();

  const reject = (rejections: FileRejection[]) => {
    for (const rejection of rejections) {
      notifications.show({
        color: 'orange',
        message: t('agentTickets.reply.rejected', {
          name: rejection.file.name,
          reason: rejection.errors.map((error) => t(rejectReason(error.code))).join(', '),
        }),
      });
    }
  };

  return (
    <Stack gap={6}>
      <Dropzone
        onDrop={(dropped) => onChange([...files, ...dropped].slice(0, maxFiles))}
        onReject={reject}
        maxSize={maxBytes}
        maxFiles={maxFiles}
        disabled={disabled}
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
          <div>
            <Text size="sm">{t('agentTickets.reply.attach')}</Text>
            <Text size="xs" c="dimmed">
              {t('agentTickets.reply.attachHint', { count: maxFiles, size: '10 MB' })}
            </Text>
          </div>
        </Group>
      </Dropzone>
      {files.map((file, index) => (
        <Group key={`${file.name}-${index}`} gap="xs" wrap="nowrap" data-testid="reply-attachment">
          <IconPaperclip size={14} aria-hidden />
          <Text size="sm" truncate style={{ flex: 1 }}>
            {file.name}
          </Text>
          <CloseButton
            size="sm"
            aria-label={t('agentTickets.reply.removeFile', { name: file.name })}
            onClick={() => onChange(files.filter((_, position) => position !== index))}
          />
        </Group>
      ))}
    </Stack>
  );
}

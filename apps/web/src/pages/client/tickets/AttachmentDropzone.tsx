import '@mantine/dropzone/styles.css';
import { ActionIcon, Group, Input, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dropzone, type FileWithPath } from '@mantine/dropzone';
import { IconFile, IconPaperclip, IconUpload, IconX } from '@tabler/icons-react';
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../../tickets/attachments';
import { formatBytes } from '../../../tickets/format';

/** Types the server shows inline; the preview uses the same list so the two never disagree. */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

interface AttachmentDropzoneProps {
  files: File[];
  onChange: (files: File[]) => void;
  disabled?: boolean;
  /** An error from the server about the attachments. */
  error?: string | null;
}

/**
 * Drag and drop, click or keyboard (Enter/Space) to pick files; the picked files listed with size and preview.
 * The agent's compact AttachmentPicker shares the limits (src/tickets/attachments.ts) but not the layout.
 */
export function AttachmentDropzone({ files, onChange, disabled = false, error }: AttachmentDropzoneProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const labelId = useId();
  const dropId = useId();
  const limitsId = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const maxSize = formatBytes(MAX_ATTACHMENT_BYTES, locale);

  // Own checks rather than the dropzone's maxSize/maxFiles: those reject a whole drop, without file names.
  const add = (dropped: FileWithPath[]) => {
    const accepted: File[] = [];
    const found: string[] = [];
    for (const file of dropped) {
      if (file.size > MAX_ATTACHMENT_BYTES) found.push(t('clientTickets.attachments.tooLarge', { name: file.name, maxSize }));
      else if (file.size === 0) found.push(t('clientTickets.attachments.empty', { name: file.name }));
      else if (files.length + accepted.length >= MAX_ATTACHMENTS)
        found.push(t('clientTickets.attachments.tooMany', { name: file.name, maxFiles: MAX_ATTACHMENTS }));
      else accepted.push(file);
    }
    setProblems(found);
    if (accepted.length > 0) onChange([...files, ...accepted]);
  };

  const remove = (index: number) => {
    setProblems([]);
    onChange(files.filter((_, i) => i !== index));
  };

  const messages = [...problems, ...(error ? [error] : [])];

  return (
    <Stack gap="xs">
      <Input.Label id={labelId} component="span">
        {t('clientTickets.attachments.label')}
      </Input.Label>
      {/*
        One control for assistive technology: a button named by the label and its visible text, described by the
        limits below it (kept outside: visible text that is not part of the name breaks speech control). Enter or
        Space opens the file dialog. The file input inside is only its mechanism: not displayed, so that it is
        neither announced nor a focusable control nested in the button.
      */}
      <Dropzone
        onDrop={add}
        disabled={disabled}
        multiple
        role="button"
        aria-labelledby={`${labelId} ${dropId}`}
        aria-describedby={limitsId}
        inputProps={{ style: { display: 'none' } }}
        data-testid="attachment-dropzone"
        p="md"
      >
        <Group justify="center" gap="md" mih={64} style={{ pointerEvents: 'none' }} wrap="nowrap">
          <Dropzone.Accept>
            <IconUpload size={32} color="var(--mantine-color-indigo-6)" aria-hidden />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={32} color="var(--mantine-color-red-6)" aria-hidden />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <IconPaperclip size={32} color="var(--mantine-color-dimmed)" aria-hidden />
          </Dropzone.Idle>
          <Text fw={500} id={dropId}>
            {t('clientTickets.attachments.drop')}
          </Text>
        </Group>
      </Dropzone>
      <Text size="sm" c="dimmed" id={limitsId} mt={-4}>
        {t('clientTickets.attachments.limits', { maxFiles: MAX_ATTACHMENTS, maxSize })}
      </Text>
      {messages.length > 0 && (
        <Stack gap={2} role="alert" data-testid="attachment-errors">
          {messages.map((message) => (
            <Text key={message} size="sm" c="red">
              {message}
            </Text>
          ))}
        </Stack>
      )}
      {files.length > 0 && (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {files.map((file, index) => (
            <Paper
              key={`${file.name}-${file.size}-${file.lastModified}-${index}`}
              component="li"
              withBorder
              p={6}
              data-testid="attachment-item"
            >
              <Group gap="sm" wrap="nowrap">
                {PREVIEWABLE.has(file.type) ? <FilePreview file={file} /> : <FileIcon />}
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" fw={500} truncate>
                    {file.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatBytes(file.size, locale)}
                  </Text>
                </div>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  disabled={disabled}
                  aria-label={t('tickets.attachments.remove', { name: file.name })}
                  onClick={() => remove(index)}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** A thumbnail from a local object URL, released when the file is removed or the form goes away. */
function FilePreview({ file }: { file: File }) {
  const { t } = useTranslation();
  // A page policy that forbids blob: images must not leave a broken image behind: fall back to the icon.
  const [failed, setFailed] = useState(false);
  // A ref callback with cleanup (React 19) ties the URL's life to the <img> element, StrictMode included.
  const attach = useCallback(
    (img: HTMLImageElement | null) => {
      if (!img) return;
      const url = URL.createObjectURL(file);
      img.src = url;
      return () => URL.revokeObjectURL(url);
    },
    [file],
  );
  if (failed) return <FileIcon />;
  return (
    <img
      ref={attach}
      onError={() => setFailed(true)}
      alt={t('clientTickets.attachments.preview', { name: file.name })}
      style={{ width: 40, height: 40, objectFit: 'cover', borderRadius: 4, flex: 'none' }}
    />
  );
}

function FileIcon() {
  return (
    <ThemeIcon variant="light" color="gray" size={40} aria-hidden>
      <IconFile size={20} />
    </ThemeIcon>
  );
}

import { Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Upload progress of a form with attachments; `fraction` is null until the browser reports any. */
export function UploadProgress({ fraction }: { fraction: number | null }) {
  const { t } = useTranslation();
  const percent = Math.round((fraction ?? 0) * 100);
  const label = t('clientTickets.form.uploading', { percent });
  return (
    <Stack gap={4} data-testid="upload-progress">
      <Progress value={percent} animated striped aria-label={label} />
      <Text size="xs" c="dimmed" aria-live="polite">
        {label}
      </Text>
    </Stack>
  );
}

import { Alert, Text } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface DraftRestoredNoteProps {
  fileNames: string[];
  onClose: () => void;
}

/** Says that a form starts from the text kept when the session ended, and which files to attach again. */
export function DraftRestoredNote({ fileNames, onClose }: DraftRestoredNoteProps) {
  const { t } = useTranslation();
  return (
    <Alert
      color="blue"
      variant="light"
      icon={<IconRestore />}
      title={t('session.draftRestoredTitle')}
      withCloseButton
      closeButtonLabel={t('session.dismiss')}
      onClose={onClose}
      role="status"
      data-testid="draft-restored"
    >
      <Text size="sm">{t('session.draftRestored')}</Text>
      {fileNames.length > 0 && (
        <Text size="sm" fw={600} mt={4} data-testid="draft-files-lost">
          {t('session.attachAgain', { names: fileNames.join(', ') })}
        </Text>
      )}
    </Alert>
  );
}

import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface ConfirmDisableProps {
  opened: boolean;
  title: string;
  /** What disabling does and keeps, so nobody disables in fear of losing tickets. */
  text: string;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** Disabling signs people out everywhere, so it is confirmed first; Cancel has the focus. Enabling is not confirmed. */
export function ConfirmDisable({ opened, title, text, confirm, onConfirm, onClose }: ConfirmDisableProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text size="sm">{text}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

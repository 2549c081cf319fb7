import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * "Remove X?" (or "Disable X?", with `confirm` naming the act) with the consequence said, and Cancel first (the
 * default focus) so Enter does not remove.
 */
export function ConfirmRemove({
  title,
  text,
  confirm,
  opened,
  loading,
  onCancel,
  onConfirm,
}: {
  title: string;
  text: string;
  confirm?: string;
  opened: boolean;
  loading: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text size="sm">{text}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('email.admin.cancel')}
          </Button>
          <Button color="red" loading={loading} onClick={onConfirm}>
            {confirm ?? t('email.admin.remove')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

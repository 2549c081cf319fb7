import { TicketSummary } from '@centrala/contracts';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { clientTicketKeys } from './queries';

/** Closing is the customer saying "solved"; asked once more because it stops the support clock. */
export function CloseTicketButton({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);

  const closeTicket = useMutation({
    mutationFn: () => apiSend('POST', `/api/client/tickets/${encodeURIComponent(reference)}/close`, undefined, TicketSummary),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('clientTickets.view.closed', { reference }) });
      close();
      await queryClient.invalidateQueries({ queryKey: clientTicketKeys.all });
    },
  });

  return (
    <>
      <Button variant="default" leftSection={<IconCircleCheck size={16} />} onClick={open} data-testid="close-ticket">
        {t('clientTickets.view.close')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('clientTickets.view.closeTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          {closeTicket.isError && <ErrorAlert error={closeTicket.error} />}
          <Text size="sm">{t('clientTickets.view.closeText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={closeTicket.isPending} onClick={() => closeTicket.mutate()} data-testid="confirm-close">
              {t('clientTickets.view.closeConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

import { TicketSummary, type TicketDetail } from '@centrala/contracts';
import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiSend, isApiError } from '../../../api';
import { useLocalize } from '../../../i18n';
import { ticketQueryKeys } from './queryKeys';

/**
 * Merges this ticket, a duplicate, into another of the same customer's (issue 13 point 5): the agent types the
 * target's reference and confirms what will happen; merged, the console opens the target, where the messages now are.
 * The server refuses itself, a merged ticket and another customer's, and says why.
 */
export function MergePanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [into, setInto] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const target = into.trim().toUpperCase();

  const merge = useMutation({
    mutationFn: () => apiSend('POST', `/api/agent/tickets/${encodeURIComponent(ticket.reference)}/merge`, { into: target }, TicketSummary),
    onSuccess: (merged) => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.details });
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.queues });
      void queryClient.invalidateQueries({ queryKey: ['agent', 'tickets', 'others'] });
      notifications.show({ color: 'green', message: t('agentTickets.merge.done', { from: ticket.reference }) });
      void navigate(`/agent/tickets/${encodeURIComponent(merged.reference)}`);
    },
    // The refusal is said under the field (a wrong reference, another customer's ticket, a merged one); the dialog
    // closes so the agent can change the reference.
    onError: (err) => {
      setConfirming(false);
      setError(isApiError(err) ? localize(err.fields[0]?.message ?? err.localized) : String(err));
    },
  });

  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (!target) {
      setError(t('agentTickets.merge.required'));
      return;
    }
    setError(null);
    merge.reset();
    setConfirming(true);
  };

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="merge-title" data-testid="ticket-merge">
      <Title order={2} size="h5" mb={4} id="merge-title">
        {t('agentTickets.merge.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('agentTickets.merge.hint')}
      </Text>
      <form onSubmit={ask} noValidate>
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label={t('agentTickets.merge.into')}
            placeholder={t('agentTickets.merge.intoPlaceholder')}
            value={into}
            onChange={(event) => {
              setInto(event.currentTarget.value);
              setError(null);
            }}
            maxLength={20}
            autoComplete="off"
            error={error}
            style={{ flex: 1 }}
            data-testid="merge-into"
          />
          <Button type="submit" variant="default" mt={24} leftSection={<IconArrowMerge size={16} aria-hidden />} data-testid="merge-ask">
            {t('agentTickets.merge.action')}
          </Button>
        </Group>
      </form>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('agentTickets.merge.confirmTitle', { from: ticket.reference, into: target })}
        data-testid="merge-confirm"
      >
        <Stack gap="md">
          <Text size="sm">{t('agentTickets.merge.confirmBody', { from: ticket.reference, into: target })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('agentTickets.merge.cancel')}
            </Button>
            <Button color="orange" onClick={() => merge.mutate()} loading={merge.isPending} data-testid="merge-confirm-button">
              {t('agentTickets.merge.confirm', { into: target })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

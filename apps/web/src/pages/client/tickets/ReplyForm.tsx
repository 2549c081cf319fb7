import { NewReply, TicketMessage, type TicketStatus } from '@centrala/contracts';
import { Alert, Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSendForm } from '../../../api';
import { formFingerprint, submissionKeys } from '../../../submissionKeys';
import { DraftRestoredNote } from '../../../auth/DraftRestoredNote';
import { isRecord, stringField } from '../../../auth/drafts';
import { useDraft, useKeepDraft } from '../../../auth/useDraft';
import { useApplyFieldErrors, useSchemaValidator } from '../../../forms';
import { useTicketLabels } from '../../../tickets/labels';
import { AttachmentDropzone } from './AttachmentDropzone';
import { clientTicketKeys } from './queries';
import { revealSendError, SendErrorAlert } from './SendErrorAlert';
import { UploadProgress } from './UploadProgress';

interface ReplyValues {
  body: string;
}

function parseReplyDraft(values: unknown): ReplyValues | null {
  return isRecord(values) ? { body: stringField(values, 'body') } : null;
}

interface ReplyFormProps {
  reference: string;
  status: TicketStatus;
}

export function ReplyForm({ reference, status }: ReplyFormProps) {
  const { t } = useTranslation();
  const labels = useTicketLabels('client');
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const errorAlert = useRef<HTMLDivElement>(null);
  const errorArea = useRef<HTMLDivElement>(null);
  // Typed text survives a session that ends before sending (files cannot: the note asks for them again).
  const draftName = `client-reply:${reference}`;
  const draft = useDraft(draftName, parseReplyDraft);
  const form = useForm<ReplyValues>({ initialValues: { body: draft.restored?.values.body ?? '' }, validate: useSchemaValidator(NewReply) });
  useKeepDraft(draftName, () => {
    const { body } = form.getValues();
    return body.trim() !== '' || files.length > 0 ? { values: { body }, fileNames: files.map((file) => file.name) } : null;
  });
  const reopens = status === 'resolved' || status === 'closed';
  const [keys] = useState(submissionKeys);

  const send = useMutation({
    mutationFn: ({ body, attached }: { body: string; attached: File[] }) => {
      const data = new FormData();
      data.append('payload', JSON.stringify({ body }));
      for (const file of attached) data.append('attachments', file, file.name);
      setProgress(null);
      const key = keys.keyFor(formFingerprint({ body }, attached));
      return apiSendForm('POST', `/api/client/tickets/${encodeURIComponent(reference)}/replies`, data, TicketMessage, setProgress, key);
    },
    onSuccess: async () => {
      keys.done();
      draft.discard();
      form.setInitialValues({ body: '' });
      form.reset();
      setFiles([]);
      notifications.show({ color: 'green', message: t('clientTickets.view.replySent') });
      // The reply changes the status and the list order too.
      await queryClient.invalidateQueries({ queryKey: clientTicketKeys.all });
    },
    onError: (error) => {
      applyFieldErrors(form, error);
      revealSendError(errorAlert, errorArea);
    },
  });

  const attachmentsError = typeof form.errors.attachments === 'string' ? form.errors.attachments : null;

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="reply-title">
      <form onSubmit={form.onSubmit(({ body }) => send.mutate({ body, attached: files }))} noValidate data-testid="reply-form">
        <Stack gap="sm">
          <Title order={2} size="h4" id="reply-title">
            {t('clientTickets.view.replyTitle')}
          </Title>
          {reopens && (
            <Alert color="blue" variant="light" icon={<IconInfoCircle />} data-testid="reopen-note">
              {t('clientTickets.view.reopenNote', { status: labels.status(status) })}
            </Alert>
          )}
          {draft.restored && <DraftRestoredNote fileNames={draft.restored.fileNames} onClose={draft.dismiss} />}
          <Textarea
            label={t('clientTickets.view.reply')}
            placeholder={t('clientTickets.view.replyPlaceholder')}
            autosize
            minRows={4}
            maxRows={16}
            required
            {...form.getInputProps('body')}
          />
          <AttachmentDropzone
            files={files}
            onChange={(next) => {
              setFiles(next);
              form.clearFieldError('attachments');
            }}
            disabled={send.isPending}
            error={attachmentsError}
          />
          {send.isPending && files.length > 0 && <UploadProgress fraction={progress} />}
          {/* Next to the button just pressed, where it is seen. */}
          <Stack gap="sm" ref={errorArea}>
            {send.isError && <SendErrorAlert error={send.error} ref={errorAlert} data-testid="reply-error" />}
            <Group justify="flex-end">
              <Button type="submit" loading={send.isPending} leftSection={<IconSend size={16} />}>
                {t('clientTickets.view.send')}
              </Button>
            </Group>
          </Stack>
        </Stack>
      </form>
    </Paper>
  );
}

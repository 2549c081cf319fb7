import { AgentReply, TicketMessage, type TicketDetail } from '@centrala/contracts';
import { Alert, Button, Group, Kbd, Paper, Progress, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconLock, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSendForm, isApiError } from '../../../api';
import { formFingerprint, submissionKeys } from '../../../submissionKeys';
import { DraftRestoredNote } from '../../../auth/DraftRestoredNote';
import { isRecord, stringField } from '../../../auth/drafts';
import { useDraft, useKeepDraft } from '../../../auth/useDraft';
import { useErrorMessage } from '../../../components/QueryState';
import { useTicketLabels } from '../../../tickets/labels';
import { AttachmentPicker } from './AttachmentPicker';
import { CannedResponsePicker } from '../canned/CannedResponsePicker';
import { SignaturePreview } from '../canned/SignaturePreview';
import { CollisionNotice } from './CollisionNotice';
import { ticketQueryKeys } from './queryKeys';
import type { Viewer } from './usePresence';
import { useTypingSignal } from './usePresence';
import { useReplyCollision } from './useReplyCollision';

type Mode = 'reply' | 'note';
type Reply = ReturnType<typeof AgentReply.parse>;
const unchanged = 'unchanged';

/** What a reply's draft keeps: the mode above all, so a kept internal note never comes back as a reply. */
interface ReplyDraft {
  mode: Mode;
  body: string;
  statusChoice: string | null;
  /** The last message seen when the draft began: a restored draft still answers that one. */
  seenMessageId: string | null;
}

function parseReplyDraft(values: unknown): ReplyDraft | null {
  if (!isRecord(values) || (values.mode !== 'reply' && values.mode !== 'note')) return null;
  const { statusChoice, seenMessageId } = values;
  return {
    mode: values.mode,
    body: stringField(values, 'body'),
    statusChoice: typeof statusChoice === 'string' ? statusChoice : null,
    seenMessageId: typeof seenMessageId === 'string' ? seenMessageId : null,
  };
}

interface ReplyBoxProps {
  ticket: TicketDetail;
  /** Other staff on this ticket; any of them typing triggers the collision warning. */
  viewers: Viewer[];
}

export function ReplyBox({ ticket, viewers }: ReplyBoxProps) {
  const { t } = useTranslation();
  const labels = useTicketLabels('agent');
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const typing = useTypingSignal(ticket.id);
  const [files, setFiles] = useState<File[]>([]);
  // Typed text survives a session that ends before sending (files cannot: the note asks for them again).
  const draftName = `agent-reply:${ticket.reference}`;
  const draft = useDraft(draftName, parseReplyDraft);
  const [mode, setMode] = useState<Mode>(draft.restored?.values.mode ?? 'reply');
  const [body, setBody] = useState(draft.restored?.values.body ?? '');
  // null = the default for the mode: a reply waits for the customer, a note leaves the status alone.
  const [statusChoice, setStatusChoice] = useState<string | null>(draft.restored?.values.statusChoice ?? null);
  const [progress, setProgress] = useState<number | null>(null);
  const [keys] = useState(submissionKeys);
  const collision = useReplyCollision(ticket, body.trim() !== '', draft.restored?.values.seenMessageId ?? null);
  useKeepDraft(draftName, () =>
    body.trim() !== '' || files.length > 0
      ? { values: { mode, body, statusChoice, seenMessageId: collision.seenMessageId }, fileNames: files.map((file) => file.name) }
      : null,
  );
  const status = statusChoice ?? (mode === 'reply' ? 'awaiting_customer' : unchanged);
  const othersTyping = viewers.filter((viewer) => viewer.typing);

  const send = useMutation({
    mutationFn: (reply: Reply) => {
      const form = new FormData();
      form.append('payload', JSON.stringify(reply));
      for (const file of files) form.append('attachments', file, file.name);
      const key = keys.keyFor(formFingerprint(reply, files));
      return apiSendForm(
        'POST',
        `/api/agent/tickets/${encodeURIComponent(ticket.reference)}/replies`,
        form,
        TicketMessage,
        setProgress,
        key,
      );
    },
    onSuccess: (message) => {
      keys.done();
      queryClient.setQueryData<TicketDetail>(ticketQueryKeys.detail(ticket.reference), (detail) =>
        detail && !detail.messages.some((existing) => existing.id === message.id)
          ? { ...detail, messages: [...detail.messages, message] }
          : detail,
      );
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.detail(ticket.reference) });
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.queues });
      notifications.show({ color: 'green', message: message.internal ? t('agentTickets.reply.noteAdded') : t('agentTickets.reply.sent') });
      setBody('');
      setFiles([]);
      setStatusChoice(null);
      draft.discard();
    },
    onError: (error) => {
      if (collision.refusedBy(error)) {
        void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.detail(ticket.reference) });
        return;
      }
      // An ended session is explained on the login page the guards go to; a toast would only follow there.
      if (!isApiError(error, 'auth.unauthenticated')) notifications.show({ color: 'red', message: errorMessage(error) });
    },
    onSettled: () => setProgress(null),
  });

  const parsed = AgentReply.safeParse({
    body,
    internal: mode === 'note',
    ...(status !== unchanged && { status }),
    ...(collision.seenMessageId && { seenMessageId: collision.seenMessageId }),
  });

  const submit = (seenMessageId = collision.seenMessageId) => {
    if (!parsed.success || send.isPending) return;
    typing.stopped();
    send.mutate({ ...parsed.data, ...(seenMessageId && { seenMessageId }) });
  };
  // Notes never collide: they do not reach the customer.
  const collided = mode === 'reply' && collision.missed.length > 0;

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  /** Puts the canned text where the cursor is (or over the selection) and leaves the cursor after it. */
  const insertCanned = (text: string) => {
    const element = textarea.current;
    const start = element?.selectionStart ?? body.length;
    const end = element?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + text + body.slice(end));
    const caret = start + text.length;
    // After React has rendered the new value and the menu has handed focus back.
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  };

  const note = mode === 'note';
  return (
    <Paper withBorder p="sm" radius="md" bg={note ? 'yellow.0' : undefined} data-testid="reply-box" data-mode={mode}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <SegmentedControl
            aria-label={t('agentTickets.reply.mode')}
            value={mode}
            onChange={(value) => {
              setMode(value === 'note' ? 'note' : 'reply');
              setStatusChoice(null);
            }}
            data={[
              { value: 'reply', label: t('agentTickets.reply.reply') },
              { value: 'note', label: t('agentTickets.reply.note') },
            ]}
            color={note ? 'yellow' : 'blue'}
            size="xs"
            data-testid="reply-mode"
          />
          <CannedResponsePicker reference={ticket.reference} onPick={insertCanned} />
        </Group>
        {collided && (
          <CollisionNotice
            missed={collision.missed}
            refused={send.isError}
            sending={send.isPending}
            onSendAnyway={() => submit(collision.acknowledge())}
            onEdit={() => {
              collision.acknowledge();
              send.reset();
              textarea.current?.focus();
            }}
          />
        )}
        {draft.restored && <DraftRestoredNote fileNames={draft.restored.fileNames} onClose={draft.dismiss} />}
        {note && (
          <Text size="xs" c="yellow.9" fw={600}>
            <IconLock size={12} aria-hidden /> {t('agentTickets.ticket.internalNote')}
          </Text>
        )}
        <Textarea
          ref={textarea}
          aria-label={t('agentTickets.reply.body')}
          placeholder={note ? t('agentTickets.reply.notePlaceholder') : t('agentTickets.reply.replyPlaceholder')}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            typing.typed();
          }}
          onKeyDown={onKeyDown}
          onBlur={typing.stopped}
          autosize
          minRows={4}
          maxRows={16}
          data-testid="reply-body"
        />
        {!note && <SignaturePreview />}
        <AttachmentPicker files={files} onChange={setFiles} disabled={send.isPending} />
        {progress !== null && files.length > 0 && <Progress value={progress * 100} size="sm" animated />}
        {othersTyping.length > 0 && (
          <Alert color="orange" icon={<IconAlertTriangle />} data-testid="collision-warning" p="xs">
            {t('agentTickets.reply.othersTyping', { names: othersTyping.map((viewer) => viewer.name).join(', ') })}
          </Alert>
        )}
        <Group justify="space-between" align="flex-end" gap="sm">
          <Select
            label={t('agentTickets.reply.statusAfter')}
            size="xs"
            w={200}
            allowDeselect={false}
            value={status}
            onChange={(value) => setStatusChoice(value)}
            data={[{ value: unchanged, label: t('agentTickets.reply.unchanged') }, ...labels.statusOptions]}
            data-testid="reply-status"
          />
          <Group gap="xs">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd>
            </Text>
            <Button
              leftSection={note ? <IconLock size={16} /> : <IconSend size={16} />}
              color={note ? 'yellow' : undefined}
              c={note ? 'dark' : undefined}
              onClick={() => submit()}
              loading={send.isPending}
              disabled={!parsed.success}
              title={t('agentTickets.reply.shortcut')}
              data-testid="reply-send"
            >
              {note ? t('agentTickets.reply.sendNote') : t('agentTickets.reply.send')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

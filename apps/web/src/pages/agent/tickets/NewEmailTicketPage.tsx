import { NewAgentTicket, StartedTicket, type AgentTicketVia, type TicketPriority } from '@centrala/contracts';
import { Alert, Button, Group, Paper, Progress, Radio, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconCircleCheck, IconMailForward, IconPhoneCall, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiSendForm, isApiError } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { useLocale, useLocalize } from '../../../i18n';
import { formFingerprint, submissionKeys } from '../../../submissionKeys';
import { useTicketLabels } from '../../../tickets/labels';
import { SignaturePreview } from '../canned/SignaturePreview';
import { fieldErrorsCoverAll } from '../../admin/fieldErrors';
import { useAgentTitle } from '../useAgentTitle';
import { AccountPicker } from './AccountPicker';
import { AttachmentPicker } from './AttachmentPicker';
import { CallerFields } from './CallerFields';
import { useDepartments } from './lookups';
import { ticketQueryKeys } from './queryKeys';

type To = 'account' | 'address';
type Field = 'accountId' | 'email' | 'contactId' | 'serviceId' | 'departmentId' | 'subject' | 'body';
const FIELDS: readonly Field[] = ['accountId', 'email', 'contactId', 'serviceId', 'departmentId', 'subject', 'body'];

/**
 * An agent starts a ticket, one form for both ways:
 * - an email (issue 12 point 6): to a customer's account, mailed to its Support addresses (R14), or to a typed
 *   address of someone not known yet (R11);
 * - a phone call (issue 13 point 5): the customer's own ticket, opened for the contact who called (and the service
 *   it is about), with what they said; they are acknowledged by mail and see it in the client area.
 * Sent, it says so and links to the ticket.
 */
export function NewEmailTicketPage({ initialVia = 'email' }: { initialVia?: AgentTicketVia }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const localize = useLocalize();
  const labels = useTicketLabels('agent');
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [via, setVia] = useState<AgentTicketVia>(initialVia);
  const texts = via === 'phone' ? 'agentTickets.newPhone' : 'agentTickets.newEmail';
  useAgentTitle(t(`${texts}.title`));

  const [to, setTo] = useState<To>('account');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [priority, setPriority] = useState<TicketPriority>('regular');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [keys] = useState(submissionKeys);
  const [started, setStarted] = useState<StartedTicket | null>(null);
  /** A field's error goes once the field is changed: it no longer says anything true. */
  const edited = (field: Field) => setErrors(({ [field]: _, ...rest }) => rest);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  const send = useMutation({
    mutationFn: (payload: NewAgentTicket) => {
      const form = new FormData();
      form.append('payload', JSON.stringify(payload));
      for (const file of files) form.append('attachments', file, file.name);
      return apiSendForm('POST', '/api/agent/tickets', form, StartedTicket, setProgress, keys.keyFor(formFingerprint(payload, files)));
    },
    onSuccess: (ticket) => {
      keys.done();
      void queryClient.invalidateQueries({ queryKey: ticketQueryKeys.queues });
      setStarted(ticket);
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      const shown: Partial<Record<Field, string>> = {};
      for (const field of error.fields)
        if ((FIELDS as readonly string[]).includes(field.path)) shown[field.path as Field] = localize(field.message);
      setErrors(shown);
    },
    onSettled: () => setProgress(null),
  });

  // The success replaces the form: the reader is taken to its heading, which says what happened.
  useEffect(() => {
    if (started) doneHeading.current?.focus();
  }, [started]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (send.isPending) return;
    // A phone call is always an account's: who called is one of its people.
    const toAccount = via === 'phone' || to === 'account';
    const parsed = NewAgentTicket.safeParse({
      via,
      accountId: toAccount ? accountId : null,
      email: toAccount ? null : email.trim() || null,
      contactId: via === 'phone' ? contactId : null,
      serviceId: via === 'phone' ? serviceId : null,
      departmentId,
      priority,
      subject,
      body,
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      // The contract's one-addressee rule runs only once the rest is valid: the missing addressee is said at once too.
      if (toAccount && !accountId) found.accountId = t('agentTickets.newEmail.errors.accountId');
      if (!toAccount && !email.trim()) found.email = t('agentTickets.newEmail.errors.email');
      for (const issue of parsed.error.issues) {
        const path = String(issue.path[0]) as Field;
        const field = path === 'email' && toAccount ? 'accountId' : path;
        found[field] ??=
          via === 'phone' && field === 'body' ? t('agentTickets.newPhone.errors.body') : t(`agentTickets.newEmail.errors.${field}`);
      }
      setErrors(found);
      // The first field to fix gets the focus, so a keyboard or screen-reader user lands on it.
      const first = FIELDS.find((field) => found[field]);
      if (first)
        document
          .querySelector<HTMLElement>(`input[data-field="${first}"], textarea[data-field="${first}"], [data-field="${first}"] input`)
          ?.focus();
      return;
    }
    setErrors({});
    send.mutate(parsed.data);
  };

  const restart = () => {
    setStarted(null);
    setAccountId(null);
    setContactId(null);
    setServiceId(null);
    setEmail('');
    setSubject('');
    setBody('');
    setFiles([]);
    send.reset();
  };

  if (started) {
    return (
      <Stack gap="md" maw={760}>
        <Alert color="green" icon={<IconCircleCheck />} data-testid="new-email-sent" role="status">
          <Stack gap="sm" align="flex-start">
            <Title order={1} size="h3" ref={doneHeading} tabIndex={-1}>
              {t(`${texts}.sent`, { reference: started.reference })}
            </Title>
            <Text size="sm">{t(`${texts}.sentHint`)}</Text>
            <Group gap="sm">
              <Button component={Link} to={`/agent/tickets/${encodeURIComponent(started.reference)}`} data-testid="new-email-open">
                {t('agentTickets.newEmail.open', { reference: started.reference })}
              </Button>
              <Button variant="default" onClick={restart}>
                {t(`${texts}.another`)}
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Stack>
    );
  }

  const otherErrors = send.isError && !(isApiError(send.error) && fieldErrorsCoverAll(send.error.fields, FIELDS));
  return (
    <Stack gap="md" maw={760}>
      <Title order={1} size="h2">
        {via === 'phone' ? (
          <IconPhoneCall size={26} aria-hidden style={{ verticalAlign: 'text-bottom' }} />
        ) : (
          <IconMailForward size={26} aria-hidden style={{ verticalAlign: 'text-bottom' }} />
        )}{' '}
        {t(`${texts}.title`)}
      </Title>
      <Text c="dimmed" size="sm">
        {t(`${texts}.intro`)}
      </Text>
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack gap="md">
          <Radio.Group
            label={t('agentTickets.newPhone.via')}
            value={via}
            onChange={(value) => {
              setVia(value === 'phone' ? 'phone' : 'email');
              setErrors({});
            }}
            data-testid="new-ticket-via"
          >
            <Group gap="lg" mt={6}>
              <Radio value="email" label={t('agentTickets.newPhone.viaEmail')} />
              <Radio value="phone" label={t('agentTickets.newPhone.viaPhone')} data-testid="new-ticket-via-phone" />
            </Group>
          </Radio.Group>
          {via === 'email' && (
            <Radio.Group
              label={t('agentTickets.newEmail.to')}
              value={to}
              onChange={(value) => {
                setTo(value === 'address' ? 'address' : 'account');
                setErrors({});
              }}
              data-testid="new-email-to"
            >
              <Group gap="lg" mt={6}>
                <Radio value="account" label={t('agentTickets.newEmail.toAccount')} />
                <Radio value="address" label={t('agentTickets.newEmail.toAddress')} />
              </Group>
            </Radio.Group>
          )}
          {via === 'phone' || to === 'account' ? (
            <div data-field="accountId">
              <AccountPicker
                value={accountId}
                onChange={(id) => {
                  setAccountId(id);
                  setContactId(null);
                  setServiceId(null);
                  edited('accountId');
                }}
                error={errors.accountId}
                hint={via === 'phone' ? t('agentTickets.newPhone.accountHint') : undefined}
              />
            </div>
          ) : (
            <TextInput
              data-field="email"
              label={t('agentTickets.newEmail.email')}
              description={t('agentTickets.newEmail.emailHint')}
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => {
                setEmail(event.currentTarget.value);
                edited('email');
              }}
              error={errors.email}
              data-testid="new-email-address"
            />
          )}
          {via === 'phone' && accountId && (
            <CallerFields
              accountId={accountId}
              contactId={contactId}
              onContact={(id) => {
                setContactId(id);
                edited('contactId');
              }}
              serviceId={serviceId}
              onService={(id) => {
                setServiceId(id);
                edited('serviceId');
              }}
              errors={{ contactId: errors.contactId, serviceId: errors.serviceId }}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              data-field="departmentId"
              label={t('agentTickets.properties.department')}
              required
              value={departmentId}
              onChange={(id) => {
                setDepartmentId(id);
                edited('departmentId');
              }}
              data={(departments.data ?? [])
                .filter((d) => d.active)
                .map((d) => ({ value: d.id, label: locale === 'hr' ? d.nameHr : d.nameEn }))}
              error={errors.departmentId ?? (departments.isError ? t('agentTickets.newEmail.departmentsFailed') : undefined)}
              data-testid="new-email-department"
            />
            <Select
              label={t('agentTickets.properties.priority')}
              required
              allowDeselect={false}
              value={priority}
              onChange={(value) => setPriority(value === 'high' ? 'high' : 'regular')}
              data={labels.priorityOptions}
              data-testid="new-email-priority"
            />
          </SimpleGrid>
          <TextInput
            data-field="subject"
            label={t('agentTickets.newEmail.subject')}
            required
            maxLength={200}
            value={subject}
            onChange={(event) => {
              setSubject(event.currentTarget.value);
              edited('subject');
            }}
            error={errors.subject}
            data-testid="new-email-subject"
          />
          <Textarea
            data-field="body"
            label={via === 'phone' ? t('agentTickets.newPhone.body') : t('agentTickets.reply.body')}
            description={via === 'phone' ? t('agentTickets.newPhone.bodyHint') : undefined}
            required
            autosize
            minRows={6}
            maxRows={20}
            value={body}
            onChange={(event) => {
              setBody(event.currentTarget.value);
              edited('body');
            }}
            error={errors.body}
            data-testid="new-email-body"
          />
          {via === 'email' && <SignaturePreview />}
          <AttachmentPicker files={files} onChange={setFiles} disabled={send.isPending} />
          {send.isPending && (
            <Stack gap={4} role="status" aria-live="polite">
              <Text size="sm">{t(`${texts}.sending`)}</Text>
              {progress !== null && files.length > 0 && (
                <Progress value={progress * 100} size="sm" animated aria-label={t('agentTickets.newEmail.uploading')} />
              )}
            </Stack>
          )}
          {otherErrors && <ErrorAlert error={send.error} />}
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconSend size={16} />} loading={send.isPending} data-testid="new-email-send">
              {t(`${texts}.send`)}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

/** `/agent/tickets/new-phone`: the same form, on its phone side. */
export function NewPhoneTicketPage() {
  return <NewEmailTicketPage initialVia="phone" />;
}

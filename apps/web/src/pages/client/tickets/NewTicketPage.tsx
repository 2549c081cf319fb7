import { NewTicket, TicketDetail, type Department, type Service } from '@centrala/contracts';
import { Alert, Anchor, Box, Button, Grid, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowLeft, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { apiSendForm } from '../../../api';
import { formFingerprint, submissionKeys } from '../../../submissionKeys';
import { DraftRestoredNote } from '../../../auth/DraftRestoredNote';
import { useDraft, useKeepDraft } from '../../../auth/useDraft';
import { QueryState } from '../../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../../forms';
import { AttachmentDropzone } from './AttachmentDropzone';
import { DepartmentPicker } from './DepartmentPicker';
import { IncidentHints } from './IncidentHints';
import { IncidentSection } from './IncidentSection';
import { hasNewTicketInput, NEW_TICKET_DRAFT, parseNewTicketDraft } from './newTicketDraft';
import { checkStartTime, initialNewTicketValues, serviceReference, toPayload, type NewTicketValues } from './newTicketForm';
import { PriorityPicker } from './PriorityPicker';
import { clientTicketKeys, ticketPath, useAccount, useDepartments } from './queries';
import { revealSendError, SendErrorAlert } from './SendErrorAlert';
import { ServiceSelect } from './ServiceSelect';
import { UploadProgress } from './UploadProgress';
import { useIncidentHints } from './useIncidentHints';
import type { FiledState } from './TicketPage';

export function NewTicketPage() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const account = useAccount();

  return (
    <Stack maw={1200}>
      <Anchor component={Link} to="/client/tickets" size="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden />
        {t('clientTickets.view.back')}
      </Anchor>
      <div>
        <Title order={1} size="h2">
          {t('clientTickets.form.title')}
        </Title>
        <Text c="dimmed">{t('clientTickets.form.intro')}</Text>
      </div>
      <QueryState query={departments}>
        {(list) => (
          <QueryState query={account}>
            {({ services }) =>
              list.length === 0 ? (
                <Alert color="orange">{t('clientTickets.form.noDepartments')}</Alert>
              ) : (
                <NewTicketForm departments={list} services={services} />
              )
            }
          </QueryState>
        )}
      </QueryState>
    </Stack>
  );
}

interface Submission {
  values: NewTicketValues;
  files: File[];
}

function NewTicketForm({ departments, services }: { departments: Department[]; services: Service[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const validatePayload = useSchemaValidator(NewTicket);
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [keys] = useState(submissionKeys);
  // The value last put into the IP/order field from a service, so a later service choice may replace it.
  const prefilled = useRef('');
  const errorAlert = useRef<HTMLDivElement>(null);
  const errorArea = useRef<HTMLDivElement>(null);
  // Typed text survives a session that ends before sending (files cannot: the note asks for them again).
  const draft = useDraft(NEW_TICKET_DRAFT, parseNewTicketDraft);

  const form = useForm<NewTicketValues>({
    initialValues: draft.restored?.values ?? initialNewTicketValues,
    // A start time in the future is said as soon as the customer leaves the field, not only on sending.
    validateInputOnBlur: ['incident.startedAtLocal'],
    // The same schema the API checks, on the same payload, plus the two rules a schema cannot see.
    validate: (values) => {
      const errors: FormErrors = validatePayload(toPayload(values));
      if (errors.departmentId) errors.departmentId = t('clientTickets.form.chooseDepartment');
      const start = values.priority === 'high' ? checkStartTime(values.incident.startedAtLocal, values.incident.startedAtZone) : null;
      if (start?.problem) errors['incident.startedAtLocal'] = t(`clientTickets.incident.startedAtProblem.${start.problem}`);
      return errors;
    },
  });

  useKeepDraft(NEW_TICKET_DRAFT, () => {
    const current = form.getValues();
    return hasNewTicketInput(current, files.length) ? { values: current, fileNames: files.map((file) => file.name) } : null;
  });

  const { values } = form;
  const high = values.priority === 'high';
  const service = services.find((s) => s.id === values.serviceId) ?? null;
  const hints = useIncidentHints(
    {
      description: values.description,
      ipOrOrder: values.incident.ipOrOrder,
      diagnostics: values.incident.diagnostics,
      serviceId: values.serviceId,
      startedAtLocal: values.incident.startedAtLocal,
      startedAtZone: values.incident.startedAtZone,
      attachmentCount: files.length,
    },
    services,
  );

  /** Fills the IP/order field from the chosen service, unless the customer typed something of their own. */
  const prefillFrom = (serviceId: string | null) => {
    const current = form.getValues().incident.ipOrOrder.trim();
    if (current !== '' && current !== prefilled.current) return;
    const chosen = services.find((s) => s.id === serviceId);
    const next = chosen ? serviceReference(chosen) : '';
    prefilled.current = next;
    form.setFieldValue('incident.ipOrOrder', next);
  };

  const create = useMutation({
    mutationFn: ({ values: submitted, files: attached }: Submission) => {
      const body = new FormData();
      const payload = toPayload(submitted);
      body.append('payload', JSON.stringify(payload));
      for (const file of attached) body.append('attachments', file, file.name);
      setProgress(null);
      return apiSendForm('POST', '/api/client/tickets', body, TicketDetail, setProgress, keys.keyFor(formFingerprint(payload, attached)));
    },
    onSuccess: async (ticket) => {
      keys.done();
      draft.discard();
      queryClient.setQueryData(clientTicketKeys.detail(ticket.reference), ticket);
      await queryClient.invalidateQueries({ queryKey: clientTicketKeys.list });
      // The ticket page acknowledges it, with the promised first answer, as part of the page (not a toast over it).
      const filed: FiledState = { filed: true };
      await navigate(ticketPath(ticket.reference), { state: filed });
    },
    onError: (error) => {
      applyFieldErrors(form, error);
      revealSendError(errorAlert, errorArea);
    },
  });

  const submit = form.onSubmit(
    (submitted) => create.mutate({ values: submitted, files }),
    // Keyboard and screen reader users land on the first field that needs attention (the cards have no aria-invalid).
    (errors) => {
      const target = errors.departmentId ? '[data-testid="department-picker"] [role="radio"]' : '[aria-invalid="true"]';
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="new-ticket-form"] ${target}`)?.focus());
    },
  );

  const hintsPanel = high ? <IncidentHints hints={hints} /> : null;
  const attachmentsError = typeof form.errors.attachments === 'string' ? form.errors.attachments : null;

  const fields = (
    <Stack gap="lg">
      {draft.restored && <DraftRestoredNote fileNames={draft.restored.fileNames} onClose={draft.dismiss} />}
      <DepartmentPicker
        departments={departments}
        value={values.departmentId}
        onChange={(id) => form.setFieldValue('departmentId', id)}
        error={typeof form.errors.departmentId === 'string' ? form.errors.departmentId : null}
      />
      <PriorityPicker
        value={values.priority}
        onChange={(priority) => {
          form.setFieldValue('priority', priority);
          if (priority === 'high') prefillFrom(form.getValues().serviceId);
        }}
      />
      <ServiceSelect
        services={services}
        value={values.serviceId}
        onChange={(serviceId) => {
          form.setFieldValue('serviceId', serviceId);
          prefillFrom(serviceId);
        }}
        error={form.errors.serviceId}
        data-testid="service-select"
      />
      <TextInput
        label={t('clientTickets.form.subject')}
        placeholder={t('clientTickets.form.subjectPlaceholder')}
        required
        maxLength={200}
        {...form.getInputProps('subject')}
      />
      <Textarea
        label={t('clientTickets.form.description')}
        description={t('clientTickets.form.descriptionHint')}
        required
        autosize
        minRows={5}
        maxRows={20}
        {...form.getInputProps('description')}
      />
      {high && <IncidentSection form={form} service={service} />}
      {high && !wide && hintsPanel}
      <AttachmentDropzone
        files={files}
        onChange={(next) => {
          setFiles(next);
          form.clearFieldError('attachments');
        }}
        disabled={create.isPending}
        error={attachmentsError}
      />
      {high && hints.missing.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle />} data-testid="missing-note">
          {t('clientTickets.form.missingNote')}
        </Alert>
      )}
      {create.isPending && files.length > 0 && <UploadProgress fraction={progress} />}
      {/* Next to the button the customer just pressed, not at the top of a form scrolled out of view. */}
      <Stack gap="sm" ref={errorArea}>
        {create.isError && <SendErrorAlert error={create.error} ref={errorAlert} data-testid="new-ticket-error" />}
        <Group justify="flex-end">
          <Button variant="default" component={Link} to="/client/tickets" disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} leftSection={<IconSend size={16} />} color={high ? 'red' : undefined}>
            {t('clientTickets.form.submit')}
          </Button>
        </Group>
      </Stack>
    </Stack>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="new-ticket-form">
      {/* One tree for both layouts: choosing High adds the hints column without re-mounting the fields, so keyboard focus stays on the priority. */}
      <Grid gap="xl">
        <Grid.Col span={high && wide ? 8 : 12} maw={high && wide ? undefined : 800}>
          {fields}
        </Grid.Col>
        {high && wide && (
          <Grid.Col span={4}>
            <Box pos="sticky" top={76}>
              {hintsPanel}
            </Box>
          </Grid.Col>
        )}
      </Grid>
    </form>
  );
}

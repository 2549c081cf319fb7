import { isRecord, stringField } from '../../../auth/drafts';
import { initialNewTicketValues, type NewTicketValues } from './newTicketForm';

/** The name the new-ticket form's draft is kept under. */
export const NEW_TICKET_DRAFT = 'new-ticket';

/** A kept draft read back as form values; anything unexpected falls back to the form's initial value. */
export function parseNewTicketDraft(data: unknown): NewTicketValues | null {
  if (!isRecord(data)) return null;
  const initial = initialNewTicketValues;
  const incident = isRecord(data.incident) ? data.incident : {};
  return {
    departmentId: stringField(data, 'departmentId'),
    priority: data.priority === 'high' ? 'high' : 'regular',
    serviceId: typeof data.serviceId === 'string' && data.serviceId !== '' ? data.serviceId : null,
    subject: stringField(data, 'subject'),
    description: stringField(data, 'description'),
    incident: {
      ipOrOrder: stringField(incident, 'ipOrOrder'),
      startedAtLocal: stringField(incident, 'startedAtLocal'),
      startedAtZone: stringField(incident, 'startedAtZone', initial.incident.startedAtZone) || initial.incident.startedAtZone,
      diagnostics: stringField(incident, 'diagnostics'),
    },
  };
}

/** Whether the customer typed or chose anything worth keeping. */
export function hasNewTicketInput(values: NewTicketValues, fileCount: number): boolean {
  const { incident } = values;
  return (
    fileCount > 0 ||
    [values.subject, values.description, incident.ipOrOrder, incident.startedAtLocal, incident.diagnostics].some(
      (text) => text.trim() !== '',
    )
  );
}

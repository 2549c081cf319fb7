import type { NewTicket, Service, TicketPriority } from '@centrala/contracts';
import { FUTURE_TOLERANCE_MS, parseZonedTime } from '@centrala/incident';
import { DEFAULT_ZONE } from './TimeZoneSelect';

/** What the new-ticket form edits; strings where inputs need them, turned into a `NewTicket` on submit. */
export interface NewTicketValues {
  departmentId: string;
  priority: TicketPriority;
  serviceId: string | null;
  subject: string;
  description: string;
  incident: {
    ipOrOrder: string;
    /** `YYYY-MM-DDTHH:mm` from the datetime-local input, or ''. */
    startedAtLocal: string;
    startedAtZone: string;
    diagnostics: string;
  };
}

export const initialNewTicketValues: NewTicketValues = {
  departmentId: '',
  priority: 'regular',
  serviceId: null,
  subject: '',
  description: '',
  incident: { ipOrOrder: '', startedAtLocal: '', startedAtZone: DEFAULT_ZONE, diagnostics: '' },
};

/**
 * The API payload. Incident details go only with High priority: the section is hidden otherwise, and
 * sending what the customer can no longer see would surprise them.
 */
export function toPayload(values: NewTicketValues): NewTicket {
  const high = values.priority === 'high';
  const local = high ? values.incident.startedAtLocal : '';
  return {
    departmentId: values.departmentId,
    priority: values.priority,
    subject: values.subject,
    description: values.description,
    serviceId: values.serviceId,
    incident: {
      ipOrOrder: high ? values.incident.ipOrOrder : '',
      startedAtLocal: local === '' ? null : local,
      startedAtZone: local === '' ? null : values.incident.startedAtZone,
      diagnostics: high ? values.incident.diagnostics : '',
    },
  };
}

/** What the IP/order field is pre-filled with for a service: its first address, else its order number. */
export function serviceReference(service: Service): string {
  return service.ipAddresses[0] ?? `#${service.orderNumber}`;
}

/** A start time typed in the form: the instant it names, or why it is not one the server would take. */
export type StartTimeCheck = { at: Date; problem: null } | { at: null; problem: 'invalid' | 'future' };

/** Checks the date field and its zone; null when no time is entered. */
export function checkStartTime(local: string, zone: string, now = Date.now()): StartTimeCheck | null {
  if (local === '') return null;
  let at: Date;
  try {
    at = parseZonedTime(local, zone);
  } catch {
    return { at: null, problem: 'invalid' };
  }
  if (Number.isNaN(at.getTime())) return { at: null, problem: 'invalid' };
  if (at.getTime() > now + FUTURE_TOLERANCE_MS) return { at: null, problem: 'future' };
  return { at, problem: null };
}

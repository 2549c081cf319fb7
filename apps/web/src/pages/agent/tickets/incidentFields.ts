import type { IncidentDetails, MissingDetail } from '@centrala/contracts';

export type IncidentField = 'ipAddresses' | 'orderNumbers' | 'service' | 'startedAt' | 'diagnostics';

const REQUIRED_AS: Record<IncidentField, MissingDetail> = {
  ipAddresses: 'ip_or_order',
  orderNumbers: 'ip_or_order',
  service: 'service',
  startedAt: 'start_time',
  diagnostics: 'diagnostics',
};

function given(incident: IncidentDetails, field: IncidentField): boolean {
  switch (field) {
    case 'ipAddresses':
      return incident.ipAddresses.length > 0;
    case 'orderNumbers':
      return incident.orderNumbers.length > 0;
    case 'service':
      return incident.serviceName !== null;
    case 'startedAt':
      return incident.startedAt !== null;
    case 'diagnostics':
      return incident.hasDiagnostics;
  }
}

/**
 * The incident fields worth a line: those the customer gave, and those still missing that the ticket needs (a High
 * one). A Regular ticket with nothing given shows none, rather than five lines of "Not given" (issue 10 point 9).
 */
export function incidentFieldsToShow(incident: IncidentDetails): IncidentField[] {
  return (Object.keys(REQUIRED_AS) as IncidentField[]).filter(
    (field) => given(incident, field) || incident.missing.includes(REQUIRED_AS[field]),
  );
}

/** What a High-priority ticket still lacks under R5 of the contact document. */
import type { Extraction } from './extract.js';

export type MissingDetail = 'ip_or_order' | 'service' | 'start_time' | 'diagnostics';

export interface ProvidedDetails {
  /** A service chosen in the form; it brings its IP addresses and order number. */
  serviceId?: string | null;
  /** A start time entered in the form. */
  startedAt?: string | null;
  /** Files attached to the ticket (logs, screenshots). */
  hasAttachments?: boolean;
}

const filled = (s: string | null | undefined): boolean => typeof s === 'string' && s.trim() !== '';

/** The missing details, in the order the contact document lists them. Structured form fields count as provided. */
export function missingDetails(x: Extraction, provided: ProvidedDetails = {}): MissingDetail[] {
  const serviceChosen = filled(provided.serviceId);
  const missing: MissingDetail[] = [];
  if (!serviceChosen && x.ipAddresses.length === 0 && x.orderNumbers.length === 0) missing.push('ip_or_order');
  if (!serviceChosen && x.services.length === 0) missing.push('service');
  if (x.startedAt === null && !filled(provided.startedAt)) missing.push('start_time');
  if (!x.hasDiagnostics && provided.hasAttachments !== true) missing.push('diagnostics');
  return missing;
}

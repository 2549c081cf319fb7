import type { Service } from '@centrala/contracts';
import { extractIncidentDetails, missingDetails, type Extraction, type MissingDetail } from '@centrala/incident';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo } from 'react';
import { checkStartTime, type StartTimeCheck } from './newTicketForm';

export interface HintInput {
  description: string;
  ipOrOrder: string;
  diagnostics: string;
  serviceId: string | null;
  startedAtLocal: string;
  startedAtZone: string;
  attachmentCount: number;
}

export interface StartHint {
  at: Date;
  zone: string;
  zoneStated: boolean;
  /** Where the time came from: the form's date field or words in the text. */
  origin: 'field' | 'text';
  source: string | null;
}

export type StartProblem = NonNullable<StartTimeCheck['problem']>;

export interface IncidentHintsResult {
  extraction: Extraction;
  missing: MissingDetail[];
  start: StartHint | null;
  /** Why the start time typed in the form does not count, if it does not. */
  startProblem: StartProblem | null;
  service: Service | null;
  attachmentCount: number;
}

/**
 * The start time typed in the form, if it is one the server will take. A time in the future (or one that
 * names no instant) is not "found": the server refuses it with a field error, so the checklist says so too.
 */
function fieldStart(local: string, zone: string): { hint: StartHint | null; problem: StartProblem | null } {
  const check = checkStartTime(local, zone);
  if (check === null) return { hint: null, problem: null };
  if (check.problem !== null) return { hint: null, problem: check.problem };
  return { hint: { at: check.at, zone, zoneStated: true, origin: 'field', source: null }, problem: null };
}

/**
 * The same extraction the server runs on a new ticket (same text, same default zone), so what the customer
 * sees before sending is what the agent will see after. Debounced: it runs regexes over possibly long logs.
 */
export function useIncidentHints(input: HintInput, services: Service[]): IncidentHintsResult {
  // Debounced as a string: a fresh object every render would restart the timer forever.
  const [debouncedKey] = useDebouncedValue(JSON.stringify(input), 200);
  return useMemo(() => {
    const debounced = JSON.parse(debouncedKey) as HintInput;
    const extraction = extractIncidentDetails({
      text: [debounced.description, debounced.ipOrOrder, debounced.diagnostics].filter(Boolean).join('\n\n'),
      services: services.map(({ id, name, orderNumber, ipAddresses }) => ({ id, name, orderNumber, ipAddresses })),
    });
    const { hint: typed, problem: startProblem } = fieldStart(debounced.startedAtLocal, debounced.startedAtZone);
    const found = extraction.startedAt;
    // A refused field time wins over one in the text: the ticket cannot be sent until the field is fixed.
    const start: StartHint | null =
      startProblem !== null
        ? null
        : (typed ??
          (found && { at: new Date(found.utc), zone: found.zone, zoneStated: found.zoneStated, origin: 'text', source: found.source }));
    const base = missingDetails(extraction, {
      serviceId: debounced.serviceId,
      startedAt: typed ? typed.at.toISOString() : null,
      hasAttachments: debounced.attachmentCount > 0,
    });
    const missing = startProblem !== null && !base.includes('start_time') ? [...base, 'start_time' as const] : base;
    const service = services.find((s) => s.id === debounced.serviceId) ?? null;
    return { extraction, missing, start, startProblem, service, attachmentCount: debounced.attachmentCount };
  }, [debouncedKey, services]);
}

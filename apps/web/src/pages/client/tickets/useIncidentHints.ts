import type { Service } from '@centrala/contracts';
import { extractIncidentDetails, missingDetails, parseZonedTime, type Extraction, type MissingDetail } from '@centrala/incident';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo } from 'react';

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

export interface IncidentHintsResult {
  extraction: Extraction;
  missing: MissingDetail[];
  start: StartHint | null;
  service: Service | null;
  attachmentCount: number;
}

/** The start time typed in the form, if it is a real instant; the server refuses the rest with a field error. */
function fieldStart(local: string, zone: string): StartHint | null {
  if (local === '' || zone === '') return null;
  try {
    const at = parseZonedTime(local, zone);
    return Number.isNaN(at.getTime()) ? null : { at, zone, zoneStated: true, origin: 'field', source: null };
  } catch {
    return null;
  }
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
    const typed = fieldStart(debounced.startedAtLocal, debounced.startedAtZone);
    const found = extraction.startedAt;
    const start: StartHint | null =
      typed ?? (found && { at: new Date(found.utc), zone: found.zone, zoneStated: found.zoneStated, origin: 'text', source: found.source });
    const missing = missingDetails(extraction, {
      serviceId: debounced.serviceId,
      startedAt: typed ? typed.at.toISOString() : null,
      hasAttachments: debounced.attachmentCount > 0,
    });
    const service = services.find((s) => s.id === debounced.serviceId) ?? null;
    return { extraction, missing, start, service, attachmentCount: debounced.attachmentCount };
  }, [debouncedKey, services]);
}

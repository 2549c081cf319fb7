/** Incident details (R5) found in a customer's free text. */
import { hasDiagnostics } from './diagnostics.js';
import { findIpAddresses } from './ip.js';
import { findOrderNumbers } from './order-numbers.js';
import { matchServices, type CustomerService, type ServiceMatch } from './services.js';
import { findStartTime, type StartTime } from './start-time.js';
import { isValidZone } from './zones.js';

export interface ExtractInput {
  text: string;
  /** The customer's own services. */
  services: CustomerService[];
  /** IANA zone assumed for times written without one. Default 'Europe/Zagreb'. */
  defaultZone?: string;
  /** The moment the text was written; default the current time. */
  now?: Date;
}

export interface Extraction {
  /** Valid IPv4/IPv6 addresses, distinct, IPv6 in RFC 5952 form, in order of appearance. */
  ipAddresses: string[];
  /** Six-digit order numbers introduced by '#', 'order', 'narudžba'..., distinct. */
  orderNumbers: string[];
  /** The customer's own services mentioned, each once with its strongest reason (name > order > ip). */
  services: ServiceMatch[];
  /** Addresses that belong to none of the customer's services. */
  unknownIpAddresses: string[];
  /** Order numbers that are none of the customer's. */
  unknownOrderNumbers: string[];
  /** When the problem began, or null. */
  startedAt: StartTime | null;
  /** Pasted logs or command output: two diagnostic lines, or a fenced block. */
  hasDiagnostics: boolean;
}

export const DEFAULT_ZONE = 'Europe/Zagreb';

/** Find the R5 incident details in free text. Throws RangeError for an invalid `defaultZone`. */
export function extractIncidentDetails(input: ExtractInput): Extraction {
  const defaultZone = input.defaultZone ?? DEFAULT_ZONE;
  if (!isValidZone(defaultZone)) throw new RangeError(`Invalid time zone: ${defaultZone}`);
  const text = input.text ?? '';
  const ipAddresses = findIpAddresses(text);
  const orderNumbers = findOrderNumbers(text);
  const matching = matchServices(text, input.services ?? [], ipAddresses, orderNumbers);
  return {
    ipAddresses,
    orderNumbers,
    services: matching.services,
    unknownIpAddresses: matching.unknownIpAddresses,
    unknownOrderNumbers: matching.unknownOrderNumbers,
    startedAt: findStartTime(text, { defaultZone, now: input.now ?? new Date() }),
    hasDiagnostics: hasDiagnostics(text),
  };
}

export type { CustomerService, ServiceMatch } from './services.js';
export type { StartTime } from './start-time.js';
export { FUTURE_TOLERANCE_MS } from './start-time.js';
export type { ExtractInput, Extraction } from './extract.js';
export { extractIncidentDetails } from './extract.js';
export type { MissingDetail, ProvidedDetails } from './missing.js';
export { missingDetails } from './missing.js';
export { isValidZone, parseZonedTime, zoneAbbreviation } from './zones.js';

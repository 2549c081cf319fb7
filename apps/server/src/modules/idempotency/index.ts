export { IdempotencyHeaders, idempotencyKeys, keyedRequest, recordOutcome, type IdempotencyKeys, type Keyed } from './keys.js';

export * from './errors.js';
export * from './auth.js';
export * from './accounts.js';
export * from './admin.js';
export * from './tickets.js';
export * from './canned.js';
export * from './sizes.js';
export * from './backoff.js';

export { outbox, type Outbox, type OutgoingEmail } from './outbox.js';

// The one way anything reaches a customer (docs/architecture.md "Events"); today their ticket mails.
export { customerMailListeners } from './listeners.js';
// Intake reads who hears about a new ticket in the query that identifies it, so the write needs no round trip more.
export { recipientsSql } from './customer-mails.js';
// notification_addresses is this module's: intake's sender lookup reads whose notification address a sender is.
export { notificationAddressAccountsSql } from './notification-addresses.js';

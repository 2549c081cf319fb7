export { headerAddress, headerText } from './headers.js';
export { HIDDEN_SECRET, outbox, outboxRow, type Outbox, type OutgoingEmail } from './outbox.js';
export { mailSeal, type MailSeal } from './seal.js';
export { serverKey } from './server-key.js';
export { inboundMail, rawKeys, type InboundMail, type MailSource } from './inbound/store.js';
export { mailboxesRepository, type MailboxesRepository } from './imap/mailboxes.js';
export { imapPoller, type ImapPoller, type ImapPollerOptions, type StoreMail } from './imap/poller.js';
export { probeMailbox } from './imap/connect.js';
export { ImapProblem, problemMessage } from './imap/problems.js';

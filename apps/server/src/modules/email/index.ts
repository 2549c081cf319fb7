export { headerAddress, headerText } from './headers.js';
export { HIDDEN_SECRET, outbox, outboxRow, type Outbox, type OutgoingEmail } from './outbox.js';
export { mailSeal, type MailSeal } from './seal.js';
export { serverKey } from './server-key.js';
export { inboundMail, rawKeys, type InboundMail, type MailSource } from './inbound/store.js';
export { mailAddresses, baseAddress, type MailAddresses, type MailAddressRow, type MailPurpose } from './inbound/addresses.js';
export { smtpReceiver, type SmtpReceiver } from './inbound/receiver.js';
export { acknowledges, type MailParsed, type ParseMail, type VerifyMail } from './inbound/parsed.js';
export { interimParseMail } from './inbound/interim-parse.js';

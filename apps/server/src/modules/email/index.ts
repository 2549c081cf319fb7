export { headerAddress, headerText, isHeaderAddress } from './headers.js';
export { HIDDEN_SECRET, outbox, outboxRow, queueMails, queueMailsSql, type Outbox, type OutgoingEmail } from './outbox.js';
export { mailSeal, type MailSeal } from './seal.js';
export { serverKey } from './server-key.js';
export { rawKeys, type RawKeys } from './inbound/raw-keys.js';
export { type MailSource, type MailStore } from './inbound/mail-store.js';
export { mailAddresses, baseAddress, type MailAddresses, type MailAddressRow, type MailPurpose } from './inbound/addresses.js';
export { smtpReceiver, type SmtpReceiver } from './inbound/receiver.js';
export { acknowledges, type MailParsed, type ParseMail, type VerifyMail } from './inbound/parsed.js';
export { replyAddresses, type ReplyAddresses } from './reply-address.js';
// outbound/ (helper out, issue 12 point 6): the identity rows are made with, delivery and its loop, DSN matching.
export {
  bareMessageId,
  LOCAL_IDENTITY,
  mailIdentity,
  outboxIdOfReturnPath,
  returnPathFor,
  type MailIdentity,
  type OutboxInsert,
} from './outbox.js';
export {
  DELIVERY_BATCH,
  outboundDelivery,
  outboundDelivery as outbound,
  startDeliveryLoop,
  type OutboundDelivery,
  type SmtpRelay,
} from './outbound/delivery.js';
export { addressOf, deliveryStartLine, dkimOf, relayOf } from './outbound/relay.js';
export { htmlOf } from './outbound/html.js';
export { parseMail, type Address, type MailAttachment, type ParsedMail } from './parse/parse-mail.js';
export { type AutoKind, type BounceReport } from './parse/classify.js';
export { threadKeys, type ThreadKeys } from './parse/thread-keys.js';
export { shownText } from './parse/trim.js';
export {
  cachedResolver,
  emailTrust,
  systemResolver,
  verifySender,
  type Check,
  type DnsResolver,
  type Verification,
  type VerifyOptions,
} from './parse/verify.js';
export { emailSenders, type AutoReplyCap, type BounceMark, type EmailSenders } from './parse/senders.repository.js';
export { mailboxesRepository, type MailboxesRepository } from './imap/mailboxes.js';
export { imapPoller, type ImapPoller, type ImapPollerOptions, type StoreMail } from './imap/poller.js';
export { probeMailbox } from './imap/connect.js';
export { ImapProblem, problemMessage } from './imap/problems.js';

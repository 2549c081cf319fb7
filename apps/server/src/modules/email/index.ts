export { headerAddress, headerText } from './headers.js';
export { HIDDEN_SECRET, outbox, outboxRow, type Outbox, type OutgoingEmail } from './outbox.js';
export { mailSeal, type MailSeal } from './seal.js';
export { serverKey } from './server-key.js';
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

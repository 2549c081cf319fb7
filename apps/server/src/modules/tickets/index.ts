export { attachmentStore, FILE_TOO_LARGE, type AttachmentStore, type ReceivedFile } from './attachment-store.js';
export { attachmentSweep } from './attachment-sweep.js';
export { ReplyCollision, ticketCommands, type ApiActor, type TicketCommands } from './commands.js';
// An agent starts an email ticket by writing to a customer (issue 12 point 6).
export { agentOpener, type AgentOpener, type PhoneCall } from './agent-opening.js';
// Merging a duplicate into another ticket of the same customer (issue 13 point 5).
export { ticketMerger, type TicketMerger } from './merging.js';
export { departmentActiveSql, departmentsRepository, type DepartmentsRepository } from './departments.repository.js';
export { ticketQueries, type TicketQueries } from './queries.js';
export { findAttachment, sendAttachment, ticketRoutes } from './routes.js';
// The marking half of the SLA timers, handed to sla's scanner by the composition root; the timer's SQL expression.
export { slaNextInstantSql, ticketSlaTimers } from './sla-timers.js';
// The first responses sla's figures are measured from, handed to it by the composition root.
export { ticketResponseTimes } from './response-times.js';
// Who views and types on a ticket: written for the realtime gateway's sockets.
export { presenceRepository, type PresenceRepository } from './presence.repository.js';
// What intake's pipeline hands its prepared write to, and reads the recipients and a stored detail with.
export { isInboundSeen, ticketOpener, type Opened, type TicketOpener, type TicketToOpen } from './opening.js';
export type { MessageSource, UploadedFile } from './commands.js';
export type { ListFilter, TicketDetailRow } from './repository.js';
// The directory's count of an account's tickets (modules/accounts), handed to it by the composition root.
export { accountTicketCountSql } from './repository.js';
// A reply's files, for its mail (modules/notifications).
export { messageFiles } from './repository.js';
// What intake's form route reads the form with, asks of the customer, and answers with.
export { attachmentErrors, formAsked, withTicketForm } from './form.js';
export { mayDiscloseAccountData, ticketPolicies } from './policies.js';
export { customerView, presentDetail } from './presenters.js';
// What a webhook payload tells of a ticket, read when it is sent (modules/webhooks).
export { webhookTickets, type WebhookTicket, type WebhookTickets } from './webhook-tickets.js';

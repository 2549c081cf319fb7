export { attachmentStore, FILE_TOO_LARGE, type AttachmentStore, type ReceivedFile } from './attachment-store.js';
export { attachmentSweep } from './attachment-sweep.js';
export { ReplyCollision, ticketCommands, type TicketCommands } from './commands.js';
export { departmentsRepository, type DepartmentsRepository } from './departments.repository.js';
export { customerView, ticketQueries, type TicketQueries } from './queries.js';
export { ticketRoutes } from './routes.js';
// What intake's pipeline uses to write a new ticket itself; they go when tickets owns that write (issue 11 point 1).
export { safeFilename } from './attachment-name.js';
export type { UploadedFile } from './commands.js';
export { customerMails, recipientsSql, type Recipients } from './customer-mails.js';
export { keyTimeOf, type TicketDetailRow } from './queries.js';
export { newTicketReference } from './reference.js';

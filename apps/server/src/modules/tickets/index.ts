export { attachmentStore, FILE_TOO_LARGE, type AttachmentStore, type ReceivedFile } from './attachment-store.js';
export { attachmentSweep } from './attachment-sweep.js';
export { ReplyCollision, ticketCommands, type TicketCommands } from './commands.js';
export { departmentsRepository, type DepartmentsRepository } from './departments.repository.js';
export { ticketQueries, type TicketQueries } from './queries.js';
export { ticketRoutes } from './routes.js';

export { adminRoutes } from './routes.js';
export { mailboxRoutes } from './mailboxes.js';

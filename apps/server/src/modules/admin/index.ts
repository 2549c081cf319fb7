export { adminRoutes } from './routes.js';
export { mailAdminRoutes } from './mail-routes.js';
export { mailboxRoutes } from './mailboxes.js';
export { mailAddressRoutes } from './mail-addresses.js';

export { adminRoutes } from './routes.js';
export { mailAddressRoutes } from './mail-addresses.js';

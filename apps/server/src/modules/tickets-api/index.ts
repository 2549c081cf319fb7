export { ticketsApiRoutes } from './routes.js';

export { cannedRepository, type CannedRepository } from './repository.js';
export { cannedRoutes } from './routes.js';

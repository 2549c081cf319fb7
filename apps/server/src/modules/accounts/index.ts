export { accountsRepository, type AccountsRepository } from './repository.js';
export { accountsRoutes } from './routes.js';

export {
  accountDisabledSql,
  accountEmailSql,
  accountNameSql,
  accountServicesSql,
  accountsRepository,
  type AccountsRepository,
  type KnownService,
} from './repository.js';
export { accountsRoutes } from './routes.js';
export { directory, type Directory } from './directory.js';
export { directoryRoutes } from './directory-routes.js';
export { knownAccounts } from './known-accounts.js';

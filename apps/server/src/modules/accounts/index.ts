export {
  accountDisabledSql,
  accountEmailSql,
  accountExternalIdsSql,
  accountIdsMatchingSql,
  accountNameSql,
  accountServicesSql,
  accountsRepository,
  serviceExternalIdsSql,
  serviceIdsByAddressSql,
  serviceIdsByOrderNumberSql,
  serviceNameSql,
  type AccountsRepository,
  type KnownService,
} from './repository.js';
// An account's contacts as a ticket's requester, and the check that an account a ticket names exists (tickets).
export { requesterOf, requireAccount } from './contacts.js';
export { accountsRoutes } from './routes.js';
export { directory, type Directory } from './directory.js';
export { directoryRoutes } from './directory-routes.js';
export { knownAccounts } from './known-accounts.js';
// What intake's sender lookup and tickets' participant check read of an account's addresses, inside their own query.
export { accountOfAddressSql, contactHasAddressSql, liveAccountJoinSql } from './address-sql.js';

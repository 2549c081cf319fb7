export { apiTokens, type ApiTokens } from './api-tokens.js';
export { authenticate, SESSION_COOKIE } from './authenticate.js';
export { passwordChange } from './password-change.js';
export { passwordReset, setPasswordOf } from './password-reset.js';
export { perAccount } from './per-account-limit.js';
// Users by address, read inside intake's sender lookup and tickets' participant check.
export { clientUserOfAddressSql, userHasAddressSql } from './user-addresses.js';
export { policies } from './policies.js';
export type { Principal } from './principal.js';
export { authRoutes } from './routes.js';
export { loginGuard } from './login-guard.js';
export { hashPassword } from './secrets.js';
export { recoveryCodes } from './recovery-codes.js';
export { sessionOpener, type SessionOpener } from './session-opener.js';
export { endSessionsOf, sessionsRepository, type SessionsRepository } from './sessions.repository.js';
export { staffRepository, type StaffRepository } from './staff.repository.js';
export { newTotpSecret } from './totp.js';
export { activeStaffId, userLocaleSql, userNameSql, userNamesTableSql, usersRepository, type UsersRepository } from './users.repository.js';

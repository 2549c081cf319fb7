import type { ApiScope, StaffRole } from '@centrala/contracts';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../../shared/errors.js';
import type { ApiPrincipal, Principal, UserPrincipal } from './principal.js';

/**
 * Who may do what, in one place. Route handlers call these first; queries for
 * customers are then scoped by the account id these return, never by an id
 * taken from the request.
 */
export const policies = {
  user(req: FastifyRequest): UserPrincipal {
    const p = req.principal;
    if (!p || p.type !== 'user') throw req.sessionEnded === 'account_disabled' ? Errors.accountDisabled() : Errors.unauthenticated();
    return p;
  },

  /** A customer; returns the only account whose data they may reach. */
  client(req: FastifyRequest): UserPrincipal & { accountId: string } {
    const p = policies.user(req);
    if (p.user.kind !== 'client' || !p.user.accountId) throw Errors.forbidden();
    return { ...p, accountId: p.user.accountId };
  },

  staff(req: FastifyRequest, role: StaffRole = 'agent'): UserPrincipal {
    const p = policies.user(req);
    if (p.user.kind !== 'staff' || !roleAtLeast(p.user.role, role)) throw Errors.forbidden();
    return p;
  },

  apiScope(req: FastifyRequest, scope: ApiScope): ApiPrincipal {
    const p: Principal | null = req.principal;
    if (!p || p.type !== 'api') throw Errors.unauthenticated();
    if (!p.scopes.includes(scope)) throw Errors.forbidden();
    return p;
  },
};

const RANK: Record<StaffRole, number> = { agent: 1, admin: 2 };
function roleAtLeast(role: StaffRole | null, wanted: StaffRole): boolean {
  return role !== null && RANK[role] >= RANK[wanted];
}

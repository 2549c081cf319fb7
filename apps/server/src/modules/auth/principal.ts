import type { ApiScope, CurrentUser } from '@centrala/contracts';
import type { SessionEndedReason } from './sessions.repository.js';

/** A person logged in through the web app. */
export interface UserPrincipal {
  type: 'user';
  user: CurrentUser;
  sessionId: string;
  csrfToken: string;
}

/** Another system (billing, monitoring, abuse desk) holding an API token. */
export interface ApiPrincipal {
  type: 'api';
  tokenId: string;
  /** What its changes are recorded as: a ticket message's author, a history event's actor, the audit log's label. */
  tokenName: string;
  scopes: ApiScope[];
}

export type Principal = UserPrincipal | ApiPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when the cookie's session is over for a reason its browser is told (see authenticate). */
    sessionEnded: SessionEndedReason | null;
  }
}

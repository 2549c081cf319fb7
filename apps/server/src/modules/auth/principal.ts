import type { ApiScope, CurrentUser } from '@centrala/contracts';

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
  scopes: ApiScope[];
}

export type Principal = UserPrincipal | ApiPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

import type {} from '@fastify/cookie';
import { ApiScope, type CurrentUser } from '@centrala/contracts';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../../shared/errors.js';
import type { ApiTokens } from './api-tokens.js';
import { policies } from './policies.js';
import { safeEqual } from './secrets.js';
import type { SessionUserRow, SessionsRepository } from './sessions.repository.js';

export const SESSION_COOKIE = 'centrala_session';
const TOUCH_EVERY_MS = 5 * 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that act on no session, so a leftover cookie must not block them; JSON-only bodies keep them same-origin. */
const SESSIONLESS_WRITES = new Set(['/api/auth/login', '/api/auth/password-reset/request', '/api/auth/password-reset/confirm']);
/** What an admin without TOTP may still do: enrol, look at themselves, leave. */
const ENROLMENT_ROUTES = new Set(['/api/auth/me', '/api/auth/totp/setup', '/api/auth/totp/enable', '/api/auth/logout', '/api/me/locale']);
/** What a user who must change their password may still do: change it, look at themselves, leave. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout', '/api/me/locale']);

export function currentUser(row: SessionUserRow): CurrentUser {
  return {
    id: row.user_id,
    kind: row.kind,
    email: row.email,
    name: row.name,
    role: row.role,
    accountId: row.account_id,
    locale: row.locale,
    totpEnabled: row.totp_enabled,
    mustEnrollTotp: row.role === 'admin' && !row.totp_enabled,
    mustChangePassword: row.must_change_password,
  };
}

/**
 * Sets `request.principal` from the session cookie or a Bearer API token, and
 * enforces what holds for every route: CSRF tokens on cookie-authenticated
 * writes, a required password change and then TOTP enrolment before the
 * user does anything else. A cookie whose session was ended by disabling its
 * user leaves the reason on the request, for the 401 to name it.
 *
 * It runs before the request is validated, so who is asking is settled first: a caller who may not use a route is
 * told so (401, 403, CSRF) whatever the body, and learns nothing of the route's schema. A route that declares the
 * one API scope it needs (`security: [{ bearer: [scope] }]`, the convention of every `/api/v1` route) is refused
 * here, before its body is read, without that scope (tokenScopeGate).
 */
export const authenticate = fp<{ sessions: SessionsRepository; tokens: ApiTokens }>(async (app: FastifyInstance, { sessions, tokens }) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionEnded', null);

  app.addHook('onRoute', tokenScopeGate);
  app.addHook('preValidation', async (req: FastifyRequest) => {
    // Only the API reads a principal: the web app's files and health checks
    // need no session lookup, and a page load fetches dozens of them.
    if (!req.url.startsWith('/api/')) return;
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const token = await tokens.verify(bearer.trim());
      if (!token) throw Errors.unauthenticated();
      req.principal = { type: 'api', tokenId: token.id, tokenName: token.name, scopes: token.scopes };
      return; // no cookie, so no CSRF exposure
    }

    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const row = await sessions.findLive(cookie);
    if (!row) {
      req.sessionEnded = (await sessions.endedReason(cookie)) ?? null;
      return;
    }
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) await sessions.touch(row.session_id);
    const user = currentUser(row);
    req.principal = { type: 'user', user, sessionId: row.session_id, csrfToken: row.csrf_token };

    if (!SAFE_METHODS.has(req.method) && !SESSIONLESS_WRITES.has(req.routeOptions.url ?? '')) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, row.csrf_token)) throw Errors.csrf();
    }
    const route = req.routeOptions.url ?? '';
    // One step at a time: the new password first (a new admin knows only the one the creating admin chose), then TOTP.
    if (user.mustChangePassword) {
      if (!PASSWORD_CHANGE_ROUTES.has(route)) throw Errors.passwordChangeRequired();
    } else if (user.mustEnrollTotp && !ENROLMENT_ROUTES.has(route)) {
      throw Errors.totpEnrolmentRequired();
    }
  });
});

/**
 * The scope a route declares in its schema is checked by the one policy (policies.apiScope) before validation, for
 * routes added after the plugin. The handler asks the same policy again for its principal; the declaration and the
 * check cannot drift apart, and apps/server/test/api-scopes.int.test.ts reads the declarations from the API document.
 */
function tokenScopeGate(route: RouteOptions) {
  const scopes = (route.schema as { security?: Record<string, string[]>[] } | undefined)?.security?.flatMap((s) => s.bearer ?? []) ?? [];
  if (scopes.length === 0) return;
  if (scopes.length > 1 || !ApiScope.safeParse(scopes[0]).success)
    throw new Error(`${route.url}: declare exactly one API scope (security: [{ bearer: [scope] }]), not ${JSON.stringify(scopes)}`);
  const scope = scopes[0] as ApiScope;
  const gate = async (req: FastifyRequest) => void policies.apiScope(req, scope);
  route.preValidation = [...asArray(route.preValidation), gate];
}

const asArray = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

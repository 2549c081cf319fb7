import type {} from '@fastify/cookie';
import type { CurrentUser } from '@centrala/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../../shared/errors.js';
import type { ApiTokens } from './api-tokens.js';
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
 */
export const authenticate = fp<{ sessions: SessionsRepository; tokens: ApiTokens }>(async (app: FastifyInstance, { sessions, tokens }) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionEnded', null);

  app.addHook('preHandler', async (req: FastifyRequest) => {
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

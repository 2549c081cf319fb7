import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './authenticate.js';
import type { SessionsRepository } from './sessions.repository.js';

/**
 * Opens a session for a user the caller has identified (the password login; the billing panel's signed link) and
 * sets its cookie on the reply: one place for the cookie's flags, so every way in makes the same session.
 */
export function sessionOpener(sessions: SessionsRepository, opts: { secureCookies: boolean; sessionTtlHours: number }) {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: opts.secureCookies,
    maxAge: opts.sessionTtlHours * 3600,
  };
  return async (req: FastifyRequest, reply: FastifyReply, userId: string): Promise<{ token: string; csrfToken: string }> => {
    const created = await sessions.create(userId, { ip: req.ip, userAgent: req.headers['user-agent'] });
    reply.setCookie(SESSION_COOKIE, created.token, cookieOptions);
    return created;
  };
}
export type SessionOpener = ReturnType<typeof sessionOpener>;

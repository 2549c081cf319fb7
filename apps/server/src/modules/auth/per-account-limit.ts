import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

/**
 * A route's limit per account (issue 9 point 12): one customer cannot flood
 * the desk, nor the account's mailboxes with acknowledgements. Counted after
 * authentication (preHandler), before the form is read, in the shared
 * PostgreSQL store, so it holds across nodes.
 */
export function perAccount(perMinute: number): { rateLimit?: RateLimitOptions } {
  if (perMinute <= 0) return {};
  return { rateLimit: { max: perMinute, timeWindow: 60_000, hook: 'preHandler', keyGenerator: accountKey } };
}

const accountKey = (req: FastifyRequest) => {
  const p = req.principal;
  if (p?.type === 'api') return `token:${p.tokenId}`;
  if (p?.type === 'user') return p.user.accountId ? `account:${p.user.accountId}` : `user:${p.user.id}`;
  return `ip:${req.ip}`;
};

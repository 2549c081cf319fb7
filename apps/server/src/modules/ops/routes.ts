import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Db } from '../../db/pool.js';
import { Errors } from '../../shared/errors.js';

export interface OpsOptions {
  db: Db;
  /** What is wrong with this process's own parts (e.g. its embedded PostgreSQL died); any answer makes `/healthz` 503. */
  healthProblems?: () => string[];
  metricsToken: string | undefined;
}

/** A frozen database must not hold the load balancer's probe: it gets its answer in this long. */
const READY_CHECK_MS = 2000;

/**
 * Liveness (`/healthz`: the process answers), readiness (`/readyz`: it can
 * reach its database, so a load balancer may send it traffic) and Prometheus
 * metrics (`/metrics`, only with METRICS_TOKEN as a Bearer token: its routes,
 * rates and process figures are not for the public).
 */
const ops: FastifyPluginAsync<OpsOptions> = async (app, { db, healthProblems = () => [], metricsToken }) => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'centrala_' });
  const httpDuration = new client.Histogram({
    name: 'centrala_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, not the URL: ids in URLs would explode the label set.
    const route = req.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    const problems = healthProblems();
    return problems.length ? reply.code(503).send({ status: 'unhealthy', problems }) : { status: 'ok' };
  });

  // Other parts a node needs to do its work (the realtime bus) report here too: a node without them is not ready.
  const readinessChecks = new Map<string, () => boolean>();
  app.decorate('addReadinessCheck', (name: string, ready: () => boolean) => void readinessChecks.set(name, ready));

  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await withinMs(READY_CHECK_MS, sql`select 1`.execute(db));
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database' });
    }
    for (const [name, ready] of readinessChecks) if (!ready()) return reply.code(503).send({ status: 'unavailable', reason: name });
    return { status: 'ready' };
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!metricsToken) throw Errors.notFound('route');
    const sent = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
    if (!sameSecret(sent, metricsToken)) throw Errors.unauthenticated();
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
};

function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Compared as digests: equal lengths for timingSafeEqual, and no timing hint of the token's length. */
function sameSecret(sent: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Makes `/readyz` answer 503 `{ reason: name }` while `ready()` is false. */
    addReadinessCheck(name: string, ready: () => boolean): void;
  }
}

// Not encapsulated: the timing hook must see every route, not only these.
export const opsRoutes = fp(ops, { name: 'ops' });

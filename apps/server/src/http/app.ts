import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { Modules } from '../modules.js';
import { accountsRoutes, directoryRoutes } from '../modules/accounts/index.js';
import { importsRoutes } from '../modules/imports/index.js';
import { adminRoutes, mailAddressRoutes, mailAdminRoutes, mailboxRoutes } from '../modules/admin/index.js';
import { cannedRoutes } from '../modules/canned/index.js';
import { authenticate, authRoutes, SESSION_COOKIE, sessionOpener } from '../modules/auth/index.js';
import { intakeRoutes, phoneSubmission } from '../modules/intake/index.js';
import { opsRoutes } from '../modules/ops/index.js';
import { attachRealtime } from '../modules/realtime/index.js';
import { slaRoutes } from '../modules/sla/index.js';
import { ssoRoutes } from '../modules/sso/index.js';
import { customerView, ticketRoutes } from '../modules/tickets/index.js';
import { ticketsApiRoutes } from '../modules/tickets-api/index.js';
import { webhookRoutes } from '../modules/webhooks/index.js';
import { apiDocsOptions } from './api-docs.js';
import { examplesOf } from '../shared/body-examples.js';
import { AppError, Errors, RETRY_AFTER_SECONDS } from '../shared/errors.js';
import { documentedForm } from './multipart.js';
import { postgresRateLimitStore } from './rate-limit-store.js';
import { registerNoStore, registerSecurityHeaders } from './security-headers.js';
import { withTextRule } from './text-rule.js';
import { fieldErrors } from '../shared/validation-messages.js';

export interface AppDeps {
  config: Config;
  /** Built once per process by `buildModules` (src/modules.ts); the app only routes to them. */
  modules: Modules;
  logger: Logger;
  /** For the realtime bus's LISTEN connection. */
  databaseUrl: string;
  /** For `/healthz`: what is wrong with this process's own parts. */
  healthProblems?: () => string[];
}

/** Composes the HTTP side: shared plugins, then each module's routes, then the web app. */
export async function buildApp({ config, modules, logger, databaseUrl, healthProblems }: AppDeps): Promise<FastifyInstance> {
  const { db, auth, tickets } = modules;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    // A URL the router cannot decode, and HTTP the parser cannot read, answer in the one error shape too.
    frameworkErrors: errorHandler,
    clientErrorHandler,
    // Fastify's own answer to a request arriving while the server drains has no Retry-After and not our shape.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // A request that still arrives on an open connection while this node drains: 503 with Retry-After, like an outage.
  app.addHook('onRequest', async () => {
    if (closing) throw Errors.unavailable();
  });
  app.setValidatorCompiler(withTextRule(validatorCompiler));
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // JSON only: a cross-site HTML form can send text/plain without a CORS
  // preflight, so accepting it would open the sessionless writes to CSRF.
  app.removeContentTypeParser('text/plain');

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets styles inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // blob: previews files picked for upload before they are sent. https: only for a mail's remote images once an
        // agent allows them (issue 12 point 3): the mail's sandboxed srcdoc frame inherits this policy, and its own
        // (img-src data: until then) narrows it further.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  registerNoStore(app);
  await app.register(cookie);
  await app.register(multipart);
  await app.register(rateLimit, {
    global: false,
    store: postgresRateLimitStore(db),
    errorResponseBuilder: (_req, ctx) => {
      const err = Errors.rateLimited(Math.ceil(ctx.ttl / 1000));
      return Object.assign(err, { statusCode: err.status });
    },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Centrala API', version: '0.1.0', description: 'Support platform for hosting providers.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      tags: [
        {
          name: 'tickets',
          description:
            'The tickets API for other systems holding a token (`Authorization: Bearer ctr_…`): each route names its one scope. ' +
            'Open a ticket on a customer’s behalf, list, read, reply, note and change (docs/api.md).',
        },
      ],
    },
    transform: (input) => {
      const documented = jsonSchemaTransform(documentedForm(input));
      const body = examplesOf(input.schema?.body);
      if (body) (documented.schema as { body?: { examples?: unknown[] } }).body!.examples = body;
      return documented;
    },
  });
  await app.register(swaggerUi, apiDocsOptions);

  await app.register(authenticate, { sessions: auth.sessions, tokens: auth.tokens });
  await app.register(opsRoutes, { db, healthProblems, metricsToken: config.METRICS_TOKEN });
  // Every way in (the password login, the billing panel's link) makes its session and cookie here.
  const openSession = sessionOpener(auth.sessions, {
    secureCookies: config.publicUrl.startsWith('https:'),
    sessionTtlHours: config.SESSION_TTL_HOURS,
  });
  await app.register(authRoutes, {
    users: auth.users,
    guard: auth.guard,
    sessions: auth.sessions,
    passwordReset: auth.passwordReset,
    passwordChange: auth.passwordChange,
    recovery: auth.recovery,
    openSession,
    loginRateLimitPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
  });
  await app.register(ssoRoutes, {
    signIn: modules.sso.signIn,
    settings: modules.sso.settings,
    openSession,
    loginRateLimitPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
  });
  await app.register(accountsRoutes, { accounts: modules.accounts });
  await app.register(directoryRoutes, { directory: modules.directory });
  await app.register(adminRoutes, { staff: auth.staff, departments: tickets.departments, tokens: auth.tokens, outbox: modules.outbox });
  await app.register(importsRoutes, { imports: modules.imports });
  await app.register(mailAdminRoutes, { inbound: modules.inboundEmail.intake });
  await app.register(mailboxRoutes, { mailboxes: modules.mailboxes });
  await app.register(mailAddressRoutes, { addresses: modules.inboundEmail.addresses });
  await app.register(webhookRoutes, { subscriptions: modules.webhooks.subscriptions });
  await app.register(intakeRoutes, {
    intake: modules.intake,
    store: tickets.store,
    idempotency: modules.idempotency,
    limits: { maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: config.ATTACHMENT_MAX_FILES },
    ticketsPerMinute: config.TICKET_LIMIT_PER_MINUTE,
  });
  await app.register(ticketRoutes, {
    queries: tickets.queries,
    commands: tickets.commands,
    agentOpener: tickets.agentOpener,
    openByPhone: (call) => modules.intake.submit(phoneSubmission(call)),
    merger: tickets.merger,
    departments: tickets.departments,
    accounts: modules.accounts,
    store: tickets.store,
    idempotency: modules.idempotency,
    limits: { maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: config.ATTACHMENT_MAX_FILES },
    rateLimits: { repliesPerMinute: config.REPLY_LIMIT_PER_MINUTE, ticketsPerMinute: config.TICKET_LIMIT_PER_MINUTE },
    signatureOf: modules.canned.signatureOf,
    rawMail: (id) => modules.inboundEmail.intake.raw(id),
    staffOptions: auth.staff.options,
  });
  await app.register(ticketsApiRoutes, {
    intake: modules.intake,
    queries: tickets.queries,
    commands: tickets.commands,
    departments: tickets.departments,
    accounts: modules.accounts,
    users: auth.users,
    store: tickets.store,
    idempotency: modules.idempotency,
    limits: { maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: config.ATTACHMENT_MAX_FILES },
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    rateLimits: { ticketsPerMinute: config.TICKET_LIMIT_PER_MINUTE, repliesPerMinute: config.REPLY_LIMIT_PER_MINUTE },
  });
  await app.register(cannedRoutes, { canned: modules.canned, tickets: tickets.queries, users: auth.users });
  await app.register(slaRoutes, {
    figures: modules.sla.figures,
    policies: modules.sla.policies,
    emailAddresses: async () => (await modules.inboundEmail.addresses.list()).filter((a) => a.purpose === 'support').map((a) => a.address),
  });
  await attachRealtime(app, {
    sessionCookie: SESSION_COOKIE,
    sessions: auth.sessions,
    departmentsOf: auth.staff.departmentIdsOf,
    tickets: { summary: tickets.queries.summary, customerView },
    presence: tickets.presence,
    databaseUrl,
    limits: { socketsPerSession: config.MAX_SOCKETS_PER_SESSION, socketsPerUser: config.MAX_SOCKETS_PER_USER },
  });
  await registerWebApp(app, config.webDistDir);
  return app;
}

/** Serves the built React app; any non-API path gets index.html so client-side routes work on reload. */
async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const hasWebApp = existsSync(path.join(distDir, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: true,
      // "/" itself: refused as a directory (403) for a client that took no compressed file.
      index: 'index.html',
      // The build writes .br and .gz beside each file (apps/web/vite.config.ts).
      preCompressed: true,
      // Built assets carry their content's hash in their names: a browser keeps them until a release names new ones,
      // which it learns from index.html, checked again on every visit.
      setHeaders: (res, filePath) => {
        const hashed = path.relative(distDir, filePath).startsWith(`assets${path.sep}`);
        res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url === '/api';
    // A missing asset is a 404, not the app's page: a tab from before a release must see its old chunk is gone.
    const isAsset = req.url.startsWith('/assets/');
    if (!isApi && !isAsset && hasWebApp && (req.method === 'GET' || req.method === 'HEAD')) {
      return reply.sendFile('index.html');
    }
    const err = Errors.notFound('route');
    return reply.code(err.status).send({ error: { code: err.code, message: err.text } });
  });
}

/** Maps every failure to the one error shape; internals are logged, never sent. */
function errorHandler(error: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  const known = toAppError(error, req);
  if (known.code === 'service.unavailable') {
    req.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', RETRY_AFTER_SECONDS);
  } else if (known.status >= 500) req.log.error({ err: error }, 'request failed');
  return reply.code(known.status).send({
    error: { ...known.details, code: known.code, message: known.text, ...(known.fields && { fields: known.fields }) },
  });
}

function toAppError(error: FastifyError | AppError, req: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      ...v.params,
      code: v.keyword,
      path: v.instancePath.split('/').filter(Boolean),
      message: v.message ?? '',
    })) as unknown as z.core.$ZodIssue[];
    const validated = { body: req.body, querystring: req.query, params: req.params, headers: req.headers };
    return Errors.invalid(fieldErrors(issues, validated[error.validationContext ?? 'body']));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.invalidJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.tooLarge();
    case 'FST_ERR_BAD_URL':
      return invalidUrl();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      // Refused before the handler: the format to name is the one the route declares.
      return Errors.unsupportedMedia(
        req.routeOptions.schema?.consumes?.includes('multipart/form-data') ? 'multipart/form-data' : 'application/json',
      );
  }
  if (error.statusCode === 429) return Errors.rateLimited(60);
  if (isDatabaseUnavailable(error)) return Errors.unavailable();
  if (error.name === 'SyntaxError' && error.statusCode === 400) return Errors.invalidJson();
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return frameworkRefusal(error.statusCode);
  return Errors.internal();
}

/**
 * A refusal by Fastify or a plugin that none of the cases above names: its status kept, under the code listed
 * with that status (a path parameter past the router's limit; a web app file's Range or precondition, or a path
 * the file server refuses, such as one with a NUL). A status no known source sends is a plain 400.
 */
function frameworkRefusal(status: number): AppError {
  switch (status) {
    case 403:
      return new AppError('request.forbidden_path', { en: 'This path may not be requested.', hr: 'Ova putanja nije dopuštena.' });
    case 404:
      return Errors.notFound('route');
    case 412:
      return new AppError('request.precondition_failed', {
        en: 'The file has changed since the version the request names.',
        hr: 'Datoteka se promijenila od inačice koju zahtjev navodi.',
      });
    case 413:
      return Errors.tooLarge();
    case 414:
      return new AppError('request.param_too_long', { en: 'A part of the address is too long.', hr: 'Dio adrese je predug.' });
    case 416:
      return new AppError('request.range_not_satisfiable', {
        en: 'The requested range is outside the file.',
        hr: 'Traženi raspon je izvan datoteke.',
      });
    default:
      return new AppError('request.invalid', { en: 'The request is not valid.', hr: 'Zahtjev nije ispravan.' });
  }
}

const invalidUrl = () =>
  new AppError('request.invalid_url', {
    en: 'The address is not valid (a broken %-escape).',
    hr: 'Adresa nije ispravna (neispravan %-zapis).',
  });

/**
 * HTTP the parser refuses before there is a request (a broken request line or
 * header, headers too large, too slow): the same error shape as every other
 * answer, then the connection is closed, as Node itself would.
 */
function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error =
    err.code === 'HPE_HEADER_OVERFLOW' ? headersTooLarge() : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? requestTimeout() : malformedHttp();
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code: error.code, message: error.text } });
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

const malformedHttp = () =>
  new AppError('request.malformed_http', { en: 'The request is not valid HTTP.', hr: 'Zahtjev nije ispravan HTTP.' });
const headersTooLarge = () =>
  new AppError('request.headers_too_large', {
    en: 'The request headers (or its address) are too large.',
    hr: 'Zaglavlja zahtjeva (ili njegova adresa) su prevelika.',
  });
const requestTimeout = () =>
  new AppError('request.timeout', {
    en: 'The request took too long to arrive.',
    hr: 'Zahtjev je predugo stizao.',
  });

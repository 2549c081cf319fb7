import { createReadStream } from 'node:fs';
import {
  AccountWithServices,
  AgentReply,
  Department,
  NewReply,
  NewTicket,
  QueueFilter,
  QueueSummary,
  ReplyCollision as ReplyCollisionAnswer,
  StaffOption,
  TicketDetail,
  TicketList,
  TicketMessage,
  TicketPatch,
  TicketAccountLink,
  TicketSummary,
  withSignature,
} from '@centrala/contracts';
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/pool.js';
import { Errors } from '../../shared/errors.js';
import { IdempotencyHeaders, keyedRequest, type IdempotencyKeys } from '../idempotency/index.js';
import { readTicketForm, type FormUpload } from '../../http/multipart.js';
import type { AccountsRepository } from '../accounts/index.js';
import { policies } from '../auth/index.js';
import { clientAreaSubmission, type IntakePipeline } from '../intake/index.js';
import { safeFilename } from './attachment-name.js';
import { isInlineImage, type AttachmentStore } from './attachment-store.js';
import { ReplyCollision, type TicketCommands } from './commands.js';
import type { DepartmentsRepository } from './departments.repository.js';
import { customerView, presentDetail, type TicketDetailRow, type TicketQueries } from './queries.js';

export interface TicketRoutesOptions {
  db: Db;
  intake: IntakePipeline;
  queries: TicketQueries;
  commands: TicketCommands;
  departments: DepartmentsRepository;
  accounts: AccountsRepository;
  store: AttachmentStore;
  idempotency: IdempotencyKeys;
  limits: { maxBytes: number; maxFiles: number };
  /** Per account (a customer) or per staff user, per minute; 0 = no limit. */
  rateLimits: { ticketsPerMinute: number; repliesPerMinute: number };
  /** The agent's signature (canned module), added under their replies to customers. */
  signatureOf: (userId: string) => Promise<string>;
}

const RefParams = z.object({ reference: z.string().max(20) });
const IdParams = z.object({ id: z.string().max(40) });
const InlineQuery = z.object({ inline: z.string().optional() });

/**
 * A route's limit per account (issue 9 point 12): one customer cannot flood
 * the desk, nor the account's mailboxes with acknowledgements. Counted after
 * authentication (preHandler), before the form is read, in the shared
 * PostgreSQL store, so it holds across nodes.
 */
function perAccount(perMinute: number): { rateLimit?: RateLimitOptions } {
  if (perMinute <= 0) return {};
  return { rateLimit: { max: perMinute, timeWindow: 60_000, hook: 'preHandler', keyGenerator: accountKey } };
}
const accountKey = (req: FastifyRequest) => {
  const p = req.principal;
  if (p?.type === 'api') return `token:${p.tokenId}`;
  if (p?.type === 'user') return p.user.accountId ? `account:${p.user.accountId}` : `user:${p.user.id}`;
  return `ip:${req.ip}`;
};

export const ticketRoutes: FastifyPluginAsyncZod<TicketRoutesOptions> = async (app, o) => {
  const notFound = () => Errors.notFound('ticket');
  const formLimits = { ...o.limits, store: o.store };

  /** Reads the form, runs `use`, and then removes whatever of the form's files no write adopted. */
  async function withForm<S extends z.ZodType, T>(req: FastifyRequest, schema: S, use: (form: FormUpload<z.infer<S>>) => Promise<T>) {
    const form = await readTicketForm(req, schema, formLimits);
    try {
      return await use(form);
    } finally {
      await form.discard();
    }
  }
  /** What a keyed request asked beyond its path: the form, and its files by name and content. */
  const asked = (form: FormUpload<unknown>) => ({ payload: form.payload, files: form.files.map((f) => [f.filename, f.sha256]) });

  // ---- Customers (R1–R8): only their own account's tickets, found by reference.

  app.get(
    '/api/client/departments',
    { schema: { tags: ['client'], response: { 200: z.object({ departments: z.array(Department) }) } } },
    async (req) => {
      policies.client(req);
      return { departments: (await o.departments.list()).filter((d) => d.active) };
    },
  );

  app.get('/api/client/tickets', { schema: { tags: ['client'], response: { 200: TicketList } } }, async (req) => {
    const { accountId } = policies.client(req);
    return { tickets: await o.queries.forAccount(accountId), nextCursor: null };
  });

  app.post(
    '/api/client/tickets',
    {
      schema: {
        tags: ['client'],
        consumes: ['multipart/form-data'],
        form: NewTicket,
        headers: IdempotencyHeaders,
        response: { 201: TicketDetail },
      },
      config: perAccount(o.rateLimits.ticketsPerMinute),
    },
    async (req, reply) => {
      const me = policies.client(req);
      const detail = await withForm(req, NewTicket, async (form) => {
        const keyed = keyedRequest(req, me, asked(form));
        return o.idempotency.once(
          keyed,
          async () => {
            const created = await o.intake.submit(
              clientAreaSubmission({ userId: me.user.id, accountId: me.accountId, form: form.payload, files: form.files, keyed }),
            );
            return created.detail;
          },
          (first) => first.result as TicketDetailRow,
        );
      });
      // Built from what intake wrote: reading it back cost as much as the write.
      return reply.code(201).send(presentDetail(detail, 'customer'));
    },
  );

  app.get(
    '/api/client/tickets/:reference',
    { schema: { tags: ['client'], params: RefParams, response: { 200: TicketDetail } } },
    async (req) => {
      const { accountId } = policies.client(req);
      const ticket = await o.queries.find(req.params.reference, { accountId });
      if (!ticket) throw notFound();
      return (await o.queries.detail(ticket.id, 'customer'))!;
    },
  );

  app.post(
    '/api/client/tickets/:reference/replies',
    {
      schema: {
        tags: ['client'],
        params: RefParams,
        consumes: ['multipart/form-data'],
        form: NewReply,
        headers: IdempotencyHeaders,
        response: { 201: TicketMessage },
      },
      config: perAccount(o.rateLimits.repliesPerMinute),
    },
    async (req, reply) => {
      const me = policies.client(req);
      const ticket = await o.queries.find(req.params.reference, { accountId: me.accountId });
      if (!ticket) throw notFound();
      const messageId = await withForm(req, NewReply, (form) => {
        const keyed = keyedRequest(req, me, asked(form));
        return o.idempotency.once(
          keyed,
          () =>
            o.commands.reply(
              ticket,
              { type: 'customer', userId: me.user.id, trust: 'session' },
              { body: form.payload.body, files: form.files, keyed },
            ),
          (first) => (first.result as { messageId: string }).messageId,
        );
      });
      const detail = await o.queries.detail(ticket.id, 'customer');
      return reply.code(201).send(detail!.messages.find((m) => m.id === messageId)!);
    },
  );

  app.post(
    '/api/client/tickets/:reference/close',
    { schema: { tags: ['client'], params: RefParams, response: { 200: TicketSummary } } },
    async (req) => {
      const me = policies.client(req);
      const ticket = await o.queries.find(req.params.reference, { accountId: me.accountId });
      if (!ticket) throw notFound();
      await o.commands.closeByCustomer(ticket, me.user.id);
      return customerView((await o.queries.summary(ticket.id))!);
    },
  );

  app.get(
    '/api/client/attachments/:id',
    { schema: { tags: ['client'], params: IdParams, querystring: InlineQuery } },
    async (req, reply) => {
      const { accountId } = policies.client(req);
      const file = await findAttachment(o.db, req.params.id, accountId);
      return sendAttachment(reply, o.store, file, req.query.inline !== undefined);
    },
  );

  // ---- Agents: the queue, the ticket view and every change.

  app.get('/api/agent/tickets', { schema: { tags: ['agent'], querystring: QueueFilter, response: { 200: TicketList } } }, async (req) => {
    const me = policies.staff(req);
    return o.queries.queue(req.query, me.user.id);
  });

  app.get('/api/agent/queue-summary', { schema: { tags: ['agent'], response: { 200: QueueSummary } } }, async (req) => {
    policies.staff(req);
    return { highWaiting: await o.queries.highWaiting() };
  });

  app.get(
    '/api/agent/tickets/:reference',
    { schema: { tags: ['agent'], params: RefParams, response: { 200: TicketDetail } } },
    async (req) => {
      policies.staff(req);
      const ticket = await o.queries.find(req.params.reference);
      if (!ticket) throw notFound();
      return (await o.queries.detail(ticket.id, 'staff'))!;
    },
  );

  app.post(
    '/api/agent/tickets/:reference/replies',
    {
      schema: {
        tags: ['agent'],
        params: RefParams,
        consumes: ['multipart/form-data'],
        form: AgentReply,
        headers: IdempotencyHeaders,
        response: { 201: TicketMessage, 409: ReplyCollisionAnswer },
      },
      config: perAccount(o.rateLimits.repliesPerMinute),
    },
    async (req, reply) => {
      const me = policies.staff(req);
      const ticket = await o.queries.find(req.params.reference);
      if (!ticket) throw notFound();
      const messageId = await withForm(req, AgentReply, (form) => {
        const keyed = keyedRequest(req, me, asked(form));
        return o.idempotency.once(
          keyed,
          async () => {
            // What the customer gets ends with the agent's signature; an internal note is the agents' own and has none.
            const { body, internal } = form.payload;
            const signed = internal ? body : withSignature(body, await o.signatureOf(me.user.id));
            return o.commands.reply(
              ticket,
              { type: 'agent', userId: me.user.id, trust: 'staff' },
              { ...form.payload, body: signed, files: form.files, keyed },
            );
          },
          (first) => (first.result as { messageId: string }).messageId,
        );
      }).catch(async (err: unknown) => {
        if (!(err instanceof ReplyCollision)) throw err;
        // What the agent has not seen: everything after their last message, notes included (they are staff).
        const { messages } = (await o.queries.detail(ticket.id, 'staff'))!;
        throw err.showing(messages.slice(messages.findIndex((m) => m.id === err.seenMessageId) + 1));
      });
      const detail = await o.queries.detail(ticket.id, 'staff');
      return reply.code(201).send(detail!.messages.find((m) => m.id === messageId)!);
    },
  );

  app.patch(
    '/api/agent/tickets/:reference',
    { schema: { tags: ['agent'], params: RefParams, body: TicketPatch, response: { 200: TicketSummary } } },
    async (req) => {
      const me = policies.staff(req);
      const ticket = await o.queries.find(req.params.reference);
      if (!ticket) throw notFound();
      await o.commands.patch(ticket, me.user.id, req.body);
      return (await o.queries.summary(ticket.id))!;
    },
  );

  app.put(
    '/api/agent/tickets/:reference/account',
    { schema: { tags: ['agent'], params: RefParams, body: TicketAccountLink, response: { 200: TicketSummary } } },
    async (req) => {
      const me = policies.staff(req);
      const ticket = await o.queries.find(req.params.reference);
      if (!ticket) throw notFound();
      await o.commands.linkAccount(ticket, me.user.id, req.body.accountId);
      return (await o.queries.summary(ticket.id))!;
    },
  );

  app.get(
    '/api/agent/accounts/:id',
    { schema: { tags: ['agent'], params: z.object({ id: z.uuid() }), response: { 200: AccountWithServices } } },
    async (req) => {
      policies.staff(req);
      const account = await o.accounts.withServices(req.params.id);
      if (!account) throw Errors.notFound('account');
      return account;
    },
  );

  app.get(
    '/api/agent/staff',
    { schema: { tags: ['agent'], response: { 200: z.object({ staff: z.array(StaffOption) }) } } },
    async (req) => {
      policies.staff(req);
      const rows = await o.db
        .selectFrom('users')
        .select(['id', 'name', 'role'])
        .where('kind', '=', 'staff')
        .where('disabled_at', 'is', null)
        .orderBy('name')
        .execute();
      return { staff: rows.map((r) => ({ id: r.id, name: r.name, role: r.role ?? 'agent' })) };
    },
  );

  app.get(
    '/api/agent/departments',
    { schema: { tags: ['agent'], response: { 200: z.object({ departments: z.array(Department) }) } } },
    async (req) => {
      policies.staff(req);
      return { departments: await o.departments.list() };
    },
  );

  app.get('/api/agent/attachments/:id', { schema: { tags: ['agent'], params: IdParams, querystring: InlineQuery } }, async (req, reply) => {
    policies.staff(req);
    const file = await findAttachment(o.db, req.params.id);
    return sendAttachment(reply, o.store, file, req.query.inline !== undefined);
  });
};

async function findAttachment(db: Db, id: string, accountId?: string) {
  if (!z.uuid().safeParse(id).success) throw Errors.notFound('attachment');
  let q = db
    .selectFrom('attachments as f')
    .innerJoin('tickets as t', 't.id', 'f.ticket_id')
    .innerJoin('ticket_messages as m', 'm.id', 'f.message_id')
    .select(['f.sha256', 'f.filename', 'f.content_type', 'f.size_bytes'])
    .where('f.id', '=', id);
  // A customer reaches only files of their own tickets, and never those on internal notes.
  if (accountId) q = q.where('t.account_id', '=', accountId).where('m.internal', '=', false);
  const file = await q.executeTakeFirst();
  if (!file) throw Errors.notFound('attachment');
  return file;
}

/**
 * Files are hostile input: always a download (`attachment`), never sniffed
 * into HTML by the browser, and sandboxed. Only plain raster images may be
 * shown inline, for previews.
 */
function sendAttachment(
  reply: FastifyReply,
  store: AttachmentStore,
  file: { sha256: string; filename: string; content_type: string; size_bytes: number },
  inline: boolean,
) {
  const showInline = inline && isInlineImage(file.content_type);
  // Cleaned again on the way out: a name stored before a cleaning rule existed gets it too.
  const name = safeFilename(file.filename);
  const encoded = encodeURIComponent(name);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return (
    reply
      .header('content-type', showInline || isInlineImage(file.content_type) ? file.content_type : 'application/octet-stream')
      .header('content-length', String(file.size_bytes))
      .header('content-disposition', `${showInline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      // Not kept after the request: a file must not outlive the session in the browser's cache.
      .header('cache-control', 'private, no-store')
      .send(createReadStream(store.pathOf(file.sha256)))
  );
}

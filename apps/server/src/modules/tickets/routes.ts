import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import {
  AccountWithServices,
  AgentReply,
  Department,
  NewAgentTicket,
  NewReply,
  OtherTicketsQuery,
  QueueFilter,
  QueueSummary,
  ReplyCollision as ReplyCollisionAnswer,
  StaffOption,
  StartedTicket,
  TicketDetail,
  TicketList,
  TicketMerge,
  TicketMessage,
  TicketPatch,
  TicketAccountLink,
  TicketSummary,
  withSignature,
} from '@centrala/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { IdempotencyHeaders, keyedRequest, type IdempotencyKeys } from '../idempotency/index.js';
import type { AccountsRepository } from '../accounts/index.js';
import { perAccount } from '../auth/index.js';
import { safeFilename } from './attachment-name.js';
import { isInlineImage, type AttachmentStore } from './attachment-store.js';
import type { AgentOpener, PhoneCall } from './agent-opening.js';
import type { TicketMerger } from './merging.js';
import { ReplyCollision, type TicketCommands } from './commands.js';
import type { DepartmentsRepository } from './departments.repository.js';
import { formAsked, withTicketForm } from './form.js';
import { ticketPolicies, type Reach } from './policies.js';
import { summaryFor, type Viewer } from './presenters.js';
import type { TicketQueries } from './queries.js';

export interface TicketRoutesOptions {
  queries: TicketQueries;
  commands: TicketCommands;
  /** An agent's new email ticket to a customer (issue 12 point 6). */
  agentOpener: AgentOpener;
  /** A customer's phone call as a ticket, through intake's pipeline (issue 13 point 5); handed in, as intake imports tickets. */
  openByPhone: (call: PhoneCall) => Promise<StartedTicket>;
  /** Merging a duplicate into another ticket (issue 13 point 5). */
  merger: TicketMerger;
  departments: DepartmentsRepository;
  accounts: AccountsRepository;
  store: AttachmentStore;
  idempotency: IdempotencyKeys;
  limits: { maxBytes: number; maxFiles: number };
  /** Per account (a customer) or per staff user, per minute; 0 = no limit. */
  rateLimits: { repliesPerMinute: number; ticketsPerMinute: number };
  /** The agent's signature (canned module), added under their replies to customers. */
  signatureOf: (userId: string) => Promise<string>;
  /** A stored mail's raw source for staff (intake's `inbound`); handed in, as intake imports tickets. */
  rawMail: (inboundId: string) => Promise<Buffer | undefined>;
  /** The active staff a ticket may be assigned to (admin module). */
  staffOptions: () => Promise<z.infer<typeof StaffOption>[]>;
}

const RefParams = z.object({ reference: z.string().max(20) });
const IdParams = z.object({ id: z.string().max(40) });
const InlineQuery = z.object({ inline: z.string().optional() });
const DownloadQuery = z.object({ download: z.string().optional() });

const noContact = () =>
  new AppError(
    'contact.unknown',
    text('This account has no contact to open the ticket for.', 'Ovaj račun nema kontakta za kojeg bi se otvorio tiket.'),
    [{ path: 'contactId', code: 'not_found', message: text('Add a contact to the account first.', 'Najprije dodajte kontakt računu.') }],
  );

export const ticketRoutes: FastifyPluginAsyncZod<TicketRoutesOptions> = async (app, o) => {
  const notFound = () => Errors.notFound('ticket');
  const formLimits = { ...o.limits, store: o.store };
  const { customer, staff } = ticketPolicies;

  // ---- Customers (R1–R8): only their own account's tickets, found by reference.

  app.get(
    '/api/client/departments',
    { schema: { tags: ['client'], response: { 200: z.object({ departments: z.array(Department) }) } } },
    async (req) => {
      customer(req);
      return { departments: (await o.departments.list()).filter((d) => d.active) };
    },
  );

  app.get('/api/client/tickets', { schema: { tags: ['client'], response: { 200: TicketList } } }, async (req) => {
    const { me } = customer(req);
    return { tickets: await o.queries.forAccount(me.accountId), nextCursor: null };
  });

  app.get(
    '/api/client/tickets/:reference',
    { schema: { tags: ['client'], params: RefParams, response: { 200: TicketDetail } } },
    async (req) => {
      const { reach } = customer(req);
      const ticket = await o.queries.find(req.params.reference, reach);
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
      const { me, reach } = customer(req);
      const ticket = await o.queries.find(req.params.reference, reach);
      if (!ticket) throw notFound();
      const messageId = await withTicketForm(req, NewReply, formLimits, (form) => {
        const keyed = keyedRequest(req, me, formAsked(form));
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
      // A reply to a merged duplicate went into its target (commands' reply).
      const detail = await o.queries.detail(ticket.merged_into_id ?? ticket.id, 'customer');
      return reply.code(201).send(detail!.messages.find((m) => m.id === messageId)!);
    },
  );

  app.post(
    '/api/client/tickets/:reference/close',
    { schema: { tags: ['client'], params: RefParams, response: { 200: TicketSummary } } },
    async (req) => {
      const { me, reach } = customer(req);
      const ticket = await o.queries.find(req.params.reference, reach);
      if (!ticket) throw notFound();
      await o.commands.closeByCustomer(ticket, me.user.id);
      return summaryFor('customer', (await o.queries.summary(ticket.id))!);
    },
  );

  app.get(
    '/api/client/attachments/:id',
    { schema: { tags: ['client'], params: IdParams, querystring: InlineQuery } },
    async (req, reply) => {
      const { reach } = customer(req);
      const file = await findAttachment(o.queries, req.params.id, reach, 'customer');
      return sendAttachment(reply, o.store, file, req.query.inline !== undefined);
    },
  );

  // ---- Agents: the queue, the ticket view and every change.

  app.get('/api/agent/tickets', { schema: { tags: ['agent'], querystring: QueueFilter, response: { 200: TicketList } } }, async (req) => {
    const { me } = staff(req);
    return o.queries.queue(req.query, me.user.id);
  });

  // A customer's tickets on their page in the directory (issue 13 point 1), every status: a disabled customer's stay.
  app.get(
    '/api/agent/accounts/:id/tickets',
    { schema: { tags: ['agent'], params: z.object({ id: z.uuid() }), response: { 200: TicketList } } },
    async (req) => {
      staff(req);
      return { tickets: await o.queries.forAccount(req.params.id, 'staff'), nextCursor: null };
    },
  );

  app.get('/api/agent/queue-summary', { schema: { tags: ['agent'], response: { 200: QueueSummary } } }, async (req) => {
    staff(req);
    return { highWaiting: await o.queries.highWaiting() };
  });

  app.get(
    '/api/agent/tickets/:reference',
    { schema: { tags: ['agent'], params: RefParams, response: { 200: TicketDetail } } },
    async (req) => {
      const { reach } = staff(req);
      const ticket = await o.queries.find(req.params.reference, reach);
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
      const { me, reach } = staff(req);
      const ticket = await o.queries.find(req.params.reference, reach);
      if (!ticket) throw notFound();
      const messageId = await withTicketForm(req, AgentReply, formLimits, (form) => {
        const keyed = keyedRequest(req, me, formAsked(form));
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
      const detail = await o.queries.detail(ticket.merged_into_id ?? ticket.id, 'staff');
      return reply.code(201).send(detail!.messages.find((m) => m.id === messageId)!);
    },
  );

  // An agent starts a ticket: by writing to a customer (issue 12 point 6), to an account or to a typed address; or for a
  // customer who called (issue 13 point 5), theirs, through intake like a form ticket. Any agent may, in any active
  // department, as every other write of the console (staff reach every ticket).
  app.post(
    '/api/agent/tickets',
    {
      schema: {
        tags: ['agent'],
        consumes: ['multipart/form-data'],
        form: NewAgentTicket,
        headers: IdempotencyHeaders,
        response: { 201: StartedTicket },
      },
      config: perAccount(o.rateLimits.ticketsPerMinute),
    },
    async (req, reply) => {
      const { me } = staff(req);
      const started = await withTicketForm(req, NewAgentTicket, formLimits, (form) => {
        const keyed = keyedRequest(req, me, formAsked(form));
        return o.idempotency.once(
          keyed,
          async () => {
            const { via, accountId, email, contactId, serviceId, departmentId, priority, subject, body } = form.payload;
            if (via === 'phone') {
              const caller = await o.accounts.requesterOf(accountId!, contactId);
              if (!caller) throw noContact();
              const opened = await o.openByPhone({
                agent: { id: me.user.id, name: me.user.name },
                accountId: accountId!,
                contactId: caller,
                departmentId,
                priority,
                serviceId,
                subject,
                // The customer's words, as the agent wrote them down: no signature.
                body,
                files: form.files,
                keyed,
              });
              return { id: opened.id, reference: opened.reference };
            }
            return o.agentOpener.open({
              to: accountId ? { accountId } : { email: email! },
              agentId: me.user.id,
              departmentId,
              priority,
              subject,
              // What the customer gets ends with the agent's signature, as a reply does.
              body: withSignature(body, await o.signatureOf(me.user.id)),
              files: form.files,
              keyed,
            });
          },
          // An email ticket's first answer is what it recorded; a phone ticket's, the detail intake recorded.
          (first) => {
            const { id, reference } = first.result as StartedTicket;
            return { id, reference };
          },
        );
      });
      return reply.code(201).send(started);
    },
  );

  // The customer's other tickets beside this one (issue 13 point 5): staff reach every ticket, so every one of the
  // account's (or, accountless, of the requester's address) is listed, most recently changed first.
  app.get(
    '/api/agent/tickets/:reference/others',
    { schema: { tags: ['agent'], params: RefParams, querystring: OtherTicketsQuery, response: { 200: TicketList } } },
    async (req) => {
      const { reach } = staff(req);
      const ticket = await o.queries.find(req.params.reference, reach);
      if (!ticket) throw notFound();
      return o.queries.others(ticket, req.query);
    },
  );

  // An agent merges this ticket, a duplicate, into another of the same customer's (issue 13 point 5).
  app.post(
    '/api/agent/tickets/:reference/merge',
    { schema: { tags: ['agent'], params: RefParams, body: TicketMerge, response: { 200: TicketSummary } } },
    async (req) => {
      const { me, reach } = staff(req);
      const ticket = await o.queries.find(req.params.reference, reach);
      if (!ticket) throw notFound();
      const { targetId } = await o.merger.merge(ticket, req.body.into, { id: me.user.id, email: me.user.email });
      return (await o.queries.summary(targetId))!;
    },
  );

  // The raw source of a mail a message came from (issue 12 point 6): staff only, shown as text, never rendered.
  app.get(
    '/api/agent/inbound/:id/raw',
    { schema: { tags: ['agent'], params: IdParams, querystring: DownloadQuery } },
    async (req, reply) => {
      staff(req);
      const raw = await o.rawMail(req.params.id);
      if (!raw) throw Errors.notFound('inbound');
      return reply
        .header('content-type', `text/plain; charset=${isUtf8(raw) ? 'utf-8' : 'iso-8859-1'}`)
        .header('content-length', String(raw.length))
        .header(
          'content-disposition',
          `${req.query.download !== undefined ? 'attachment' : 'inline'}; filename="${req.params.id.replace(/[^0-9a-f-]/gi, '_')}.eml"`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(raw);
    },
  );

  app.patch(
    '/api/agent/tickets/:reference',
    { schema: { tags: ['agent'], params: RefParams, body: TicketPatch, response: { 200: TicketSummary } } },
    async (req) => {
      const { me, reach } = staff(req);
      const ticket = await o.queries.find(req.params.reference, reach);
      if (!ticket) throw notFound();
      await o.commands.patch(ticket, me.user.id, req.body);
      return (await o.queries.summary(ticket.id))!;
    },
  );

  app.put(
    '/api/agent/tickets/:reference/account',
    { schema: { tags: ['agent'], params: RefParams, body: TicketAccountLink, response: { 200: TicketSummary } } },
    async (req) => {
      const { me, reach } = staff(req);
      const ticket = await o.queries.find(req.params.reference, reach);
      if (!ticket) throw notFound();
      await o.commands.linkAccount(ticket, me.user.id, req.body.accountId);
      return (await o.queries.summary(ticket.id))!;
    },
  );

  app.get(
    '/api/agent/accounts/:id',
    { schema: { tags: ['agent'], params: z.object({ id: z.uuid() }), response: { 200: AccountWithServices } } },
    async (req) => {
      staff(req);
      const account = await o.accounts.withServices(req.params.id);
      if (!account) throw Errors.notFound('account');
      return account;
    },
  );

  app.get(
    '/api/agent/staff',
    { schema: { tags: ['agent'], response: { 200: z.object({ staff: z.array(StaffOption) }) } } },
    async (req) => {
      staff(req);
      return { staff: await o.staffOptions() };
    },
  );

  app.get(
    '/api/agent/departments',
    { schema: { tags: ['agent'], response: { 200: z.object({ departments: z.array(Department) }) } } },
    async (req) => {
      staff(req);
      return { departments: await o.departments.list() };
    },
  );

  app.get('/api/agent/attachments/:id', { schema: { tags: ['agent'], params: IdParams, querystring: InlineQuery } }, async (req, reply) => {
    const { reach } = staff(req);
    const file = await findAttachment(o.queries, req.params.id, reach, 'staff');
    return sendAttachment(reply, o.store, file, req.query.inline !== undefined);
  });
};

/** A file the viewer may fetch within their reach (a customer's: their own tickets' files, never those on notes). */
export async function findAttachment(queries: TicketQueries, id: string, reach: Reach, viewer: Viewer) {
  if (!z.uuid().safeParse(id).success) throw Errors.notFound('attachment');
  const file = await queries.attachment(id, reach, viewer);
  if (!file) throw Errors.notFound('attachment');
  return file;
}

/**
 * Files are hostile input: always a download (`attachment`), never sniffed
 * into HTML by the browser, and sandboxed. Only plain raster images may be
 * shown inline, for previews.
 */
export function sendAttachment(
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

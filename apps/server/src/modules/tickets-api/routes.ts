import {
  ApiMessageWritten,
  ApiNewTicket,
  ApiNote,
  ApiReply,
  ApiTicketCreated,
  ApiTicketFilter,
  ApiTicketPatch,
  ApiTicketState,
  TicketDetail,
  TicketList,
  type ApiScope,
  type TicketDetail as Detail,
} from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import type { AccountsRepository } from '../accounts/index.js';
import { perAccount, policies, type UsersRepository } from '../auth/index.js';
import { IdempotencyHeaders, keyedRequest, type IdempotencyKeys } from '../idempotency/index.js';
import { apiSubmission, type IntakePipeline } from '../intake/index.js';
import {
  findAttachment,
  presentDetail,
  sendAttachment,
  type AttachmentStore,
  type DepartmentsRepository,
  type TicketCommands,
  type TicketDetailRow,
  type TicketQueries,
} from '../tickets/index.js';
import { apiFiles } from './files.js';

export interface TicketsApiOptions {
  intake: IntakePipeline;
  queries: TicketQueries;
  commands: TicketCommands;
  departments: DepartmentsRepository;
  accounts: AccountsRepository;
  users: UsersRepository;
  store: AttachmentStore;
  idempotency: IdempotencyKeys;
  /** Per file and files per request, as the client-area form's. */
  limits: { maxBytes: number; maxFiles: number };
  /** The body limit of a request without files (BODY_LIMIT_BYTES); one carrying files may add one file's worth of base64. */
  bodyLimitBytes: number;
  /** Per token, per minute; 0 = no limit. */
  rateLimits: { ticketsPerMinute: number; repliesPerMinute: number };
}

/** The one scope a route needs, declared in its schema: the docs show it and api-scopes.int.test.ts checks it. */
const needs = (scope: ApiScope) => ({ security: [{ bearer: [scope] }] });

const RefParams = z.object({ reference: z.string().max(20) });
const IdParams = z.object({ id: z.string().max(40) });
const field = (path: string, code: string, en: string, hr: string) => ({ path, code, message: text(en, hr) });

/**
 * The tickets API (issue 13 point 5; docs/api.md): other systems open tickets through the one intake pipeline (channel
 * `api`), and list, read, answer, note and change them through the tickets module's queries and commands, as the
 * console does. Reads take `tickets:read`, writes `tickets:write`; a write answers only with what it made, so a
 * write-only token (monitoring) reads no conversation.
 */
export const ticketsApiRoutes: FastifyPluginAsyncZod<TicketsApiOptions> = async (app, o) => {
  const files = apiFiles(o.store, o.limits);
  // A request carrying files: base64 is 4/3 of the bytes, and all its files together are at most one file's limit.
  const bodyLimit = o.bodyLimitBytes + Math.ceil(o.limits.maxBytes / 3) * 4;
  const notFound = () => Errors.notFound('ticket');

  /** An active department (to file into) or any (to move to), by slug or id; `path` names the field for the error. */
  async function departmentOf(ref: string, path: string, activeOnly: boolean): Promise<string> {
    const found = (await o.departments.list()).find((d) => (d.id === ref || d.slug === ref) && (d.active || !activeOnly));
    if (!found)
      throw new AppError('department.unknown', text('No such department.', 'Nema takvog odjela.'), [
        field(path, 'not_found', 'Give a department by its slug (technical) or id.', 'Navedite odjel slugom (technical) ili id-om.'),
      ]);
    return found.id;
  }

  async function ticketOf(reference: string) {
    const ticket = await o.queries.find(reference);
    if (!ticket) throw notFound();
    return ticket;
  }

  app.post(
    '/api/v1/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Open a ticket on a customer’s behalf',
        description:
          'Goes through the same intake as the client-area form, on the `api` channel with trust `api`; the customer is ' +
          'acknowledged with the api channel’s promise unless `acknowledge` is false. Send an `Idempotency-Key` so a retry ' +
          'opens one ticket.',
        ...needs('tickets:write'),
        body: ApiNewTicket,
        headers: IdempotencyHeaders,
        response: { 201: ApiTicketCreated },
      },
      bodyLimit,
      config: perAccount(o.rateLimits.ticketsPerMinute),
    },
    async (req, reply) => {
      const me = policies.apiScope(req, 'tickets:write');
      const b = req.body;
      const account = await o.accounts.accountRef(b.accountId ? { id: b.accountId } : { externalId: b.accountExternalId! });
      if (!account)
        throw new AppError('account.not_found', text('No such account.', 'Nema takvog računa.'), [
          field(b.accountId ? 'accountId' : 'accountExternalId', 'not_found', 'No account has this id.', 'Nijedan račun nema ovaj id.'),
        ]);
      const contactId = await contactOf(account.id, b);
      const serviceId = await serviceOf(account.id, b);
      const departmentId = await departmentOf(b.department, 'department', true);
      const keyed = keyedRequest(req, me, b);
      const detail = await files.with(b.files, (uploaded) =>
        o.idempotency.once(
          keyed,
          async () => {
            const ticket = { departmentId, priority: b.priority, serviceId, incident: b.incident, subject: b.subject, body: b.body };
            const submission = apiSubmission({
              token: { id: me.tokenId, name: me.tokenName },
              accountId: account.id,
              contactId,
              ticket,
              files: uploaded,
              acknowledge: b.acknowledge,
              keyed,
            });
            return (await o.intake.submit(submission)).detail;
          },
          (first) => first.result as TicketDetailRow,
        ),
      );
      return reply.code(201).send(created(presentDetail(detail, 'api')));
    },
  );

  async function contactOf(accountId: string, b: ApiNewTicket): Promise<string | null> {
    const ref = b.contactId
      ? { id: b.contactId }
      : b.contactExternalId
        ? { externalId: b.contactExternalId }
        : b.contactEmail
          ? { email: b.contactEmail }
          : null;
    if (!ref) return null;
    const contact = await o.users.contactOf(accountId, ref);
    if (contact) return contact.id;
    const path = b.contactId ? 'contactId' : b.contactExternalId ? 'contactExternalId' : 'contactEmail';
    throw new AppError('contact.unknown', text('No such contact of this account.', 'Ovaj račun nema takvu kontakt osobu.'), [
      field(path, 'not_found', 'Name a contact of this account.', 'Navedite kontakt osobu ovog računa.'),
    ]);
  }

  async function serviceOf(accountId: string, b: ApiNewTicket): Promise<string | null> {
    const ref = b.serviceId
      ? { id: b.serviceId }
      : b.serviceExternalId
        ? { externalId: b.serviceExternalId }
        : b.serviceOrderNumber
          ? { orderNumber: b.serviceOrderNumber.replace(/^#/, '') }
          : null;
    if (!ref) return null;
    // Another account's service is not found either: a token names only the account's own.
    const id = await o.accounts.serviceRef(accountId, ref);
    if (id) return id;
    const path = b.serviceId ? 'serviceId' : b.serviceExternalId ? 'serviceExternalId' : 'serviceOrderNumber';
    throw new AppError('service.unknown', text('No such service of this account.', 'Ovaj račun nema takvu uslugu.'), [
      field(path, 'not_found', 'Name a service of this account.', 'Navedite uslugu ovog računa.'),
    ]);
  }

  app.get(
    '/api/v1/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List and filter tickets',
        description:
          'Every status; the most recently updated first (then by id), `limit` a page, `nextCursor` for the next one. ' +
          '`updatedAt` moves when the customer-visible ticket changes (messages, status, priority, department), not for ' +
          'internal notes or assignments.',
        ...needs('tickets:read'),
        querystring: ApiTicketFilter,
        response: { 200: TicketList },
      },
    },
    async (req) => {
      policies.apiScope(req, 'tickets:read');
      const { department, accountId, accountExternalId, ...rest } = req.query;
      const account = accountExternalId ? await o.accounts.accountRef({ externalId: accountExternalId }) : undefined;
      // An external id no account has matches no ticket, as an unknown account id does.
      if (accountExternalId && !account) return { tickets: [], nextCursor: null };
      return o.queries.list({
        ...rest,
        accountId: account?.id ?? accountId,
        departmentId: department === undefined ? undefined : await departmentOf(department, 'department', false),
      });
    },
  );

  app.get(
    '/api/v1/tickets/:reference',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Read a ticket with its messages and history',
        description:
          'Internal notes are included (`internal: true`): the token is on the staff side. Attachments are listed with a URL to fetch them by.',
        ...needs('tickets:read'),
        params: RefParams,
        response: { 200: TicketDetail },
      },
    },
    async (req) => {
      policies.apiScope(req, 'tickets:read');
      const ticket = await ticketOf(req.params.reference);
      return (await o.queries.detail(ticket.id, 'api'))!;
    },
  );

  app.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Download an attachment',
        description: 'Always sent as a download (`Content-Disposition: attachment`).',
        ...needs('tickets:read'),
        params: IdParams,
      },
    },
    async (req, reply) => {
      policies.apiScope(req, 'tickets:read');
      const file = await findAttachment(o.queries, req.params.id, {}, 'api');
      return sendAttachment(reply, o.store, file, false);
    },
  );

  /** A reply (public) or a note (internal) by the token, once per Idempotency-Key: the console's reply command. */
  function messageRoute(kind: 'replies' | 'notes', doc: { summary: string; description: string }, body: typeof ApiReply | typeof ApiNote) {
    const internal = kind === 'notes';
    app.post(
      `/api/v1/tickets/:reference/${kind}`,
      {
        schema: {
          tags: ['tickets'],
          ...doc,
          ...needs('tickets:write'),
          params: RefParams,
          body,
          headers: IdempotencyHeaders,
          response: { 201: ApiMessageWritten },
        },
        bodyLimit,
        config: perAccount(o.rateLimits.repliesPerMinute),
      },
      async (req, reply) => {
        const me = policies.apiScope(req, 'tickets:write');
        const ticket = await ticketOf(req.params.reference);
        const input: ApiReply = { status: undefined, ...req.body };
        const keyed = keyedRequest(req, me, input);
        const messageId = await files.with(input.files, (uploaded) =>
          o.idempotency.once(
            keyed,
            () =>
              o.commands.reply(
                ticket,
                { type: 'agent', token: { tokenId: me.tokenId, label: me.tokenName }, trust: 'staff' },
                { body: input.body, internal, status: input.status, files: uploaded, keyed },
              ),
            (first) => (first.result as { messageId: string }).messageId,
          ),
        );
        return reply.code(201).send({ id: messageId, ticketReference: ticket.reference, internal });
      },
    );
  }

  messageRoute(
    'replies',
    {
      summary: 'Reply to the customer',
      description:
        'A public reply, mailed to the customer as an agent’s is, by the token’s name; it counts as the first response ' +
        'for the SLA. The status becomes `status` (default awaiting_customer).',
    },
    ApiReply,
  );
  messageRoute(
    'notes',
    {
      summary: 'Add an internal note',
      description: 'For agents only: never mailed, never shown to the customer, and it changes neither status nor SLA.',
    },
    ApiNote,
  );

  app.patch(
    '/api/v1/tickets/:reference',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Change status, priority, department or assignee',
        description: 'As an agent’s change in the console: the same history, events and SLA effects.',
        ...needs('tickets:write'),
        params: RefParams,
        body: ApiTicketPatch,
        response: { 200: ApiTicketState },
      },
    },
    async (req) => {
      const me = policies.apiScope(req, 'tickets:write');
      const ticket = await ticketOf(req.params.reference);
      const { department, assignee, status, priority } = req.body;
      await o.commands.patch(
        ticket,
        { tokenId: me.tokenId, label: me.tokenName },
        {
          status,
          priority,
          departmentId: department === undefined ? undefined : await departmentOf(department, 'department', false),
          assigneeId: assignee === undefined || assignee === null ? assignee : await assigneeOf(assignee),
        },
      );
      const s = (await o.queries.summary(ticket.id))!;
      return {
        reference: s.reference,
        status: s.status,
        priority: s.priority,
        departmentId: s.departmentId,
        assigneeId: s.assigneeId,
        updatedAt: s.updatedAt,
      };
    },
  );

  async function assigneeOf(ref: string): Promise<string> {
    const id = await o.users.activeStaffId(z.uuid().safeParse(ref).success ? { id: ref } : { email: ref });
    if (id) return id;
    throw new AppError('assignee.unknown', text('Assign the ticket to an active agent.', 'Dodijelite tiket aktivnom agentu.'), [
      field('assignee', 'not_found', 'Give an active staff user’s id or email.', 'Navedite id ili e-poštu aktivnog djelatnika.'),
    ]);
  }
};

/** What a created ticket's answer carries: what the write made, no conversation. */
function created(d: Detail): ApiTicketCreated {
  return {
    id: d.id,
    reference: d.reference,
    status: d.status,
    priority: d.priority,
    channel: d.channel,
    departmentId: d.departmentId,
    accountId: d.accountId!,
    serviceName: d.serviceName,
    createdAt: d.createdAt,
    promisedFirstResponse: d.promisedFirstResponse,
  };
}

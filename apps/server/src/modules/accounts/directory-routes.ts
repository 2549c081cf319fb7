import {
  AccountInput,
  AccountPatch,
  AccountUpsert,
  AuditPage,
  BulkInput,
  BulkResult,
  Contact,
  ContactInput,
  ContactPatch,
  ContactUpsert,
  DirectoryAccount,
  DirectoryAccountDetail,
  DirectoryQuery,
  ExternalId,
  Page,
  ServiceInput,
  ServicePatch,
  ServiceRecord,
  ServiceUpsert,
  type AuditActor,
  type BulkOutcome,
} from '@centrala/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withExamples } from '../../shared/body-examples.js';
import { Errors } from '../../shared/errors.js';
import { policies } from '../auth/index.js';
import type { Directory } from './directory.js';
import { examples } from './openapi-examples.js';

type Written<R> = Promise<{ outcome: Exclude<BulkOutcome, 'error'>; record: R }>;

/** What the routes of one kind of record need: its schemas, its reads and writes, and what "delete" means for it. */
interface KindRoutes<R, I, P> {
  plural: 'accounts' | 'contacts' | 'services';
  singular: 'account' | 'contact' | 'service';
  record: z.ZodType<R>;
  input: z.ZodType<I>;
  /** The PUT body: the input without its external id (the path's). */
  upsert: z.ZodType<Omit<I, 'externalId'>>;
  patch: z.ZodType<P>;
  /** Accounts answer a single read with their services. */
  detail?: { schema: z.ZodType; read: (id: string) => Promise<unknown> };
  get(id: string): Promise<R | undefined>;
  list(query: DirectoryQuery): Promise<Page<R>>;
  create(input: I, actor: AuditActor): Written<R>;
  upsert_(input: I, actor: AuditActor): Written<R>;
  update(id: string, patch: P, actor: AuditActor): Written<R>;
  bulk(items: readonly unknown[], actor: AuditActor): Promise<BulkResult>;
  /** DELETE never deletes (no ticket is lost): it disables the record, or cancels the service. */
  removal: P;
  removalSays: string;
}

const Id = z.object({ id: z.uuid() });
/** A bulk of 1000 services with their addresses outgrows the 1 MiB other JSON bodies are held to. */
const BULK_BODY_LIMIT = 8 * 1024 * 1024;
const External = z.object({ externalId: ExternalId });

const apiActor = (req: FastifyRequest, scope: 'accounts:read' | 'accounts:write'): AuditActor => {
  const p = policies.apiScope(req, scope);
  return { kind: 'api', id: p.tokenId, label: p.tokenName };
};
const staffActor = (req: FastifyRequest, role: 'agent' | 'admin'): AuditActor => {
  const p = policies.staff(req, role);
  return { kind: 'staff', id: p.user.id, label: p.user.email };
};

/**
 * The directory's routes (issue 13): the provisioning API a billing system syncs through (`/api/v1/…`, scopes
 * `accounts:read` and `accounts:write`), and the staff screens' (`/api/agent/directory/…` to read, agents and
 * admins; `/api/admin/directory/…` to write, admins). Both call the same directory functions; only the actor differs.
 */
export const directoryRoutes: FastifyPluginAsyncZod<{ directory: Directory }> = async (app, { directory: d }) => {
  const kinds = [
    kindRoutes<DirectoryAccount, AccountInput, AccountPatch>({
      plural: 'accounts',
      singular: 'account',
      record: DirectoryAccount,
      input: AccountInput,
      upsert: AccountUpsert,
      patch: AccountPatch,
      detail: { schema: DirectoryAccountDetail, read: d.accountDetail },
      get: d.account,
      list: d.accounts,
      create: d.createAccount,
      upsert_: d.upsertAccount,
      update: d.updateAccount,
      bulk: d.upsertAccounts,
      removal: { disabled: true },
      removalSays: 'Disables the account (never deletes it): its contacts can no longer log in and their sessions end; its tickets stay.',
    }),
    kindRoutes<Contact, ContactInput, ContactPatch>({
      plural: 'contacts',
      singular: 'contact',
      record: Contact,
      input: ContactInput,
      upsert: ContactUpsert,
      patch: ContactPatch,
      get: d.contact,
      list: d.contacts,
      create: d.createContact,
      upsert_: d.upsertContact,
      update: d.updateContact,
      bulk: d.upsertContacts,
      removal: { disabled: true },
      removalSays:
        'Disables the contact (never deletes it): they can no longer log in, their address is no longer trusted; their tickets stay.',
    }),
    kindRoutes<ServiceRecord, ServiceInput, ServicePatch>({
      plural: 'services',
      singular: 'service',
      record: ServiceRecord,
      input: ServiceInput,
      upsert: ServiceUpsert,
      patch: ServicePatch,
      get: d.service,
      list: d.services,
      create: d.createService,
      upsert_: d.upsertService,
      update: d.updateService,
      bulk: d.upsertServices,
      removal: { status: 'cancelled' },
      removalSays: 'Cancels the service (never deletes it): its tickets keep naming it.',
    }),
  ];

  function kindRoutes<R, I, P>(k: KindRoutes<R, I, P>) {
    return k;
  }

  for (const k of kinds as KindRoutes<unknown, unknown, unknown>[]) {
    const ex = examples[k.plural];
    const api = `/api/v1/${k.plural}`;
    const read = { tags: ['provisioning'], security: [{ bearer: ['accounts:read'] }] };
    const write = { tags: ['provisioning'], security: [{ bearer: ['accounts:write'] }] };
    const found = <T>(value: T | undefined): T => {
      if (value === undefined) throw Errors.notFound(k.singular);
      return value;
    };

    app.get(
      api,
      { schema: { ...read, summary: `List and search ${k.plural}`, querystring: DirectoryQuery, response: { 200: Page(k.record) } } },
      async (req) => {
        apiActor(req, 'accounts:read');
        return k.list(req.query);
      },
    );
    app.post(
      api,
      {
        schema: {
          ...write,
          summary: `Create a ${k.singular}`,
          body: withExamples(k.input, ex.one),
          response: { 201: k.record },
        },
      },
      async (req, reply) => {
        const { record } = await k.create(req.body, apiActor(req, 'accounts:write'));
        return reply.code(201).send(record);
      },
    );
    app.get(
      `${api}/:id`,
      { schema: { ...read, summary: `Read a ${k.singular}`, params: Id, response: { 200: k.detail?.schema ?? k.record } } },
      async (req) => {
        apiActor(req, 'accounts:read');
        return found(await (k.detail?.read ?? k.get)(req.params.id));
      },
    );
    app.patch(
      `${api}/:id`,
      {
        schema: {
          ...write,
          summary: `Change a ${k.singular}`,
          description: 'Only the fields sent change.',
          params: Id,
          body: withExamples(k.patch, ex.patch),
          response: { 200: k.record },
        },
      },
      async (req) => (await k.update(req.params.id, req.body, apiActor(req, 'accounts:write'))).record,
    );
    app.delete(
      `${api}/:id`,
      { schema: { ...write, summary: `Disable a ${k.singular}`, description: k.removalSays, params: Id, response: { 200: k.record } } },
      async (req) => (await k.update(req.params.id, k.removal, apiActor(req, 'accounts:write'))).record,
    );
    app.get(
      `${api}/external/:externalId`,
      { schema: { ...read, summary: `Read a ${k.singular} by the billing system's id`, params: External, response: { 200: k.record } } },
      async (req) => {
        apiActor(req, 'accounts:read');
        const id = await d.idOfExternal(k.singular, req.params.externalId);
        return found(id === undefined ? undefined : await k.get(id));
      },
    );
    app.put(
      `${api}/external/:externalId`,
      {
        schema: {
          ...write,
          summary: `Create or update a ${k.singular} by the billing system's id`,
          description: 'Idempotent: the same body sent twice changes nothing the second time (200, nothing audited). 201 when created.',
          params: External,
          body: withExamples(k.upsert, ex.upsert),
          response: { 200: k.record, 201: k.record },
        },
      },
      async (req, reply) => {
        const input = { ...(req.body as object), externalId: req.params.externalId };
        const { outcome, record } = await k.upsert_(input, apiActor(req, 'accounts:write'));
        return reply.code(outcome === 'created' ? 201 : 200).send(record);
      },
    );
    app.post(
      `${api}/bulk`,
      {
        bodyLimit: BULK_BODY_LIMIT,
        schema: {
          ...write,
          summary: `Create or update up to 1000 ${k.plural}`,
          description:
            `Each item is a ${k.singular} as POST ${api} takes it, validated on its own: a bad item is answered in \`errors\` ` +
            '(its index and field) and the others are stored. Items with an external id are upserted by it; unchanged ones are not rewritten.',
          body: withExamples(BulkInput, { items: ex.bulk }),
          response: { 200: BulkResult },
        },
      },
      async (req) => k.bulk(req.body.items, apiActor(req, 'accounts:write')),
    );

    // The staff screens': agents read, admins write.
    const agent = `/api/agent/directory/${k.plural}`;
    const admin = `/api/admin/directory/${k.plural}`;
    app.get(agent, { schema: { tags: ['agent'], querystring: DirectoryQuery, response: { 200: Page(k.record) } } }, async (req) => {
      staffActor(req, 'agent');
      return k.list(req.query);
    });
    app.get(`${agent}/:id`, { schema: { tags: ['agent'], params: Id, response: { 200: k.record } } }, async (req) => {
      staffActor(req, 'agent');
      return found(await k.get(req.params.id));
    });
    app.get(
      `${agent}/:id/history`,
      {
        schema: {
          tags: ['agent'],
          summary: `The audit log of a ${k.singular}${k.singular === 'account' ? ', its contacts and services' : ''}`,
          params: Id,
          querystring: z.object({
            cursor: z
              .string()
              .regex(/^\d{1,19}$/)
              .optional(),
          }),
          response: { 200: AuditPage },
        },
      },
      async (req) => {
        staffActor(req, 'agent');
        found(await k.get(req.params.id));
        const scope = k.singular === 'account' ? { accountId: req.params.id } : { entity: k.singular, entityId: req.params.id };
        return d.history(scope, req.query.cursor);
      },
    );
    app.post(admin, { schema: { tags: ['admin'], body: k.input, response: { 201: k.record } } }, async (req, reply) => {
      const { record } = await k.create(req.body, staffActor(req, 'admin'));
      return reply.code(201).send(record);
    });
    app.patch(`${admin}/:id`, { schema: { tags: ['admin'], params: Id, body: k.patch, response: { 200: k.record } } }, async (req) => {
      return (await k.update(req.params.id, req.body, staffActor(req, 'admin'))).record;
    });
  }
};

import {
  AccountInput,
  ContactInput,
  ServiceInput,
  type AccountPatch,
  type AuditActor,
  type BulkError,
  type BulkOutcome,
  type BulkResult,
  type ContactPatch,
  type ServicePatch,
} from '@centrala/contracts';
import type { z } from 'zod';
import type { Db } from '../../db/pool.js';
import type { DomainEvents } from '../../events/index.js';
import { fieldErrors } from '../../shared/validation-messages.js';
import type { AuditLog } from '../audit/index.js';
import { accountKind } from './account-writes.js';
import { bulkResult, runWrites, single, type Kind, type WriteRequest } from './bulk.js';
import { contactKind } from './contact-writes.js';
import { directoryQueries, type TicketCountSql } from './directory-queries.js';
import { serviceKind } from './service-writes.js';

/**
 * The directory (issue 13): accounts, their contacts and services, as staff manage them and a billing system syncs
 * them. Every write goes through the same engine (bulk.ts), so a single create, an upsert by external id and a bulk
 * of 1000 are decided, written and audited alike.
 */
export function directory({
  db,
  audit,
  events,
  ticketCountSql,
}: {
  db: Db;
  audit: AuditLog;
  events: DomainEvents;
  /** The tickets module's count of an account's tickets (an account's counts show it). */
  ticketCountSql: TicketCountSql;
}) {
  const queries = directoryQueries(db, ticketCountSql);

  /**
   * Validates each item on its own (one bad item fails only itself) and upserts the valid ones: matched by external
   * id (contacts also by their address within the account), created when none matches, left alone when unchanged.
   */
  async function bulk<I, P, Row extends { id: string }, V extends { id: string }>(
    kind: Kind<I, P, Row, V>,
    schema: z.ZodType<I>,
    items: readonly unknown[],
    actor: AuditActor,
  ): Promise<BulkResult> {
    const invalid: BulkError[] = [];
    const requests: WriteRequest<I, P>[] = [];
    const positions: number[] = [];
    items.forEach((item, index) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) {
        requests.push({ mode: 'upsert', input: parsed.data });
        positions.push(index);
      } else {
        const first = fieldErrors(parsed.error.issues, item)[0]!;
        // An item that is not an object at all is at fault as a whole: no field.
        invalid.push({ index, code: 'request.invalid', message: first.message, field: first.path === '(body)' ? null : first.path });
      }
    });
    return bulkResult(items.length, invalid, await runWrites(db, audit, kind, requests, actor), positions);
  }

  /** One write, its outcome or its error thrown. */
  const one = async <I, P, Row extends { id: string }, V extends { id: string }>(
    kind: Kind<I, P, Row, V>,
    request: WriteRequest<I, P>,
    actor: AuditActor,
  ) => single((await runWrites(db, audit, kind, [request], actor))[0]!);

  const kinds = { account: accountKind(events), contact: contactKind(events), service: serviceKind() };
  // A single write answers the record as a read would show it (an account with its counts).
  const recorded =
    <R>(read: (id: string) => Promise<R | undefined>) =>
    async (write: Promise<{ outcome: Exclude<BulkOutcome, 'error'>; row: { id: string } }>) => {
      const { outcome, row } = await write;
      return { outcome, record: (await read(row.id))! };
    };
  const account = recorded(queries.account);
  const contact = recorded(queries.contact);
  const service = recorded(queries.service);

  return {
    ...queries,
    history: audit.list,

    upsertAccounts: (items: readonly unknown[], actor: AuditActor) => bulk(kinds.account, AccountInput, items, actor),
    upsertContacts: (items: readonly unknown[], actor: AuditActor) => bulk(kinds.contact, ContactInput, items, actor),
    upsertServices: (items: readonly unknown[], actor: AuditActor) => bulk(kinds.service, ServiceInput, items, actor),

    createAccount: (input: AccountInput, actor: AuditActor) => account(one(kinds.account, { mode: 'create', input }, actor)),
    upsertAccount: (input: AccountInput, actor: AuditActor) => account(one(kinds.account, { mode: 'upsert', input }, actor)),
    updateAccount: (id: string, patch: AccountPatch, actor: AuditActor) =>
      account(one(kinds.account, { mode: 'update', id, patch }, actor)),

    createContact: (input: ContactInput, actor: AuditActor) => contact(one(kinds.contact, { mode: 'create', input }, actor)),
    upsertContact: (input: ContactInput, actor: AuditActor) => contact(one(kinds.contact, { mode: 'upsert', input }, actor)),
    updateContact: (id: string, patch: ContactPatch, actor: AuditActor) =>
      contact(one(kinds.contact, { mode: 'update', id, patch }, actor)),

    createService: (input: ServiceInput, actor: AuditActor) => service(one(kinds.service, { mode: 'create', input }, actor)),
    upsertService: (input: ServiceInput, actor: AuditActor) => service(one(kinds.service, { mode: 'upsert', input }, actor)),
    updateService: (id: string, patch: ServicePatch, actor: AuditActor) =>
      service(one(kinds.service, { mode: 'update', id, patch }, actor)),
  };
}
export type Directory = ReturnType<typeof directory>;

import type { Channel, EmailMeta, IncidentDetails, LocalizedText, TicketPriority, Trust } from '@centrala/contracts';
import { sql } from 'kysely';
import { batched } from '../../db/batched.js';
import { isUniqueViolation } from '../../db/errors.js';
import { timeOrderedUuid } from '../../db/ids.js';
import type { Db } from '../../db/pool.js';
import type { DomainEvents, EventOf, Recipients } from '../../events/index.js';
import type { Keyed } from '../idempotency/index.js';
import { safeFilename } from './attachment-name.js';
import type { AttachmentStore } from './attachment-store.js';
import type { UploadedFile } from './commands.js';
import { keyTimeOf, type TicketDetailRow } from './repository.js';
import { mayDiscloseAccountData } from './policies.js';
import { newTicketReference } from './reference.js';
import { searchable } from './search-text.js';

/**
 * A new ticket as intake prepared it: every check passed, the route, clock
 * and promise decided. The tickets module only writes it.
 */
export interface TicketToOpen {
  channel: Channel;
  /** `staff`: an agent identified the requester (a phone call they took, migration 0030). */
  trust: Trust;
  /** Null for a requester no account is known for (R11); an agent links one later. */
  accountId: string | null;
  requesterId: string | null;
  /** The address an accountless requester is answered at. */
  requesterEmail: string | null;
  departmentId: string;
  priority: TicketPriority;
  subject: string;
  body: string;
  /** Text the ticket is found by beside its subject and body (the diagnostics the requester pasted). */
  alsoSearchable: string;
  serviceId: string | null;
  incident: IncidentDetails;
  files: UploadedFile[];
  at: Date;
  clock: { dueAt: Date | null; clockMs: number | null };
  /** Who hears of the ticket by email (intake identified them): carried by its created event to the mail's listener. */
  recipients: Recipients;
  /** The first answer promised at filing: the acknowledgement mail says it, the created event records it for the screen. */
  promise: LocalizedText;
  /** For the ticket's detail, which the caller gets without reading it back. */
  names: { account: string | null; requester: string | null; service: string | null };
  /**
   * The raw input the ticket is made of (intake's `inbound` table), recorded as processed by the same statement:
   * its (channel, source id) key makes a second delivery fail the write (isInboundSeen) instead of opening a second ticket.
   */
  inbound: { sourceId: string; payload: unknown; storedId?: string };
  /** Its Idempotency-Key: recorded by the statement that writes the ticket, with the detail the answer is made from. */
  keyed: Keyed | null;
  /** What a message that came by email carries beside its text (EmailMeta, ticket_messages.email); staff only. */
  email?: EmailMeta;
  /** Addresses copied on an email ticket, kept for the answers. */
  cc?: string[] | null;
  /** An abuse report (mail to an abuse address, an ARF report): marked for agents (migration 0023). */
  abuse?: boolean;
  /**
   * The agent who took the request by phone (issue 13 point 5): the history's created event is theirs ("opened by
   * Ana by phone"); the first message stays the customer's, as they said it.
   */
  takenBy?: { agentId: string; agentName: string } | undefined;
  /**
   * Sent by another system with an API token (issue 13 point 5): the first message and the created event name the
   * token (migration 0031), shown where no contact was named as the requester.
   */
  via?: { tokenId: string; label: string } | null;
}

/** A ticket as it was written, with its detail as the customer sees it. */
export interface Opened {
  id: string;
  reference: string;
  detail: TicketDetailRow;
}

/** True when a write failed because its raw input's (channel, source id) was processed already. */
export const isInboundSeen = (err: unknown) =>
  isUniqueViolation(err) && (err as { constraint?: string }).constraint === 'inbound_channel_source_id_key';
const isReferenceTaken = (err: unknown) =>
  isUniqueViolation(err) && (err as { constraint?: string }).constraint === 'tickets_reference_key';

type Stored = Omit<TicketToOpen, 'files'> & { files: (Awaited<ReturnType<AttachmentStore['adopt']>> & { filename: string })[] };
type Row = { p: Stored; ticketId: string; messageId: string; inboundId: string; reference: string; fileIds: string[] };

const createdEventData = (p: Stored) => ({
  channel: p.channel,
  priority: p.priority,
  trust: p.trust,
  promise: p.promise,
  ...(p.takenBy && { via: 'phone' }),
});

/** Tickets written by one statement at most; bounds its size and the wait of the last one in. */
const MAX_BATCH = 64;
/** Statements writing at once; the rest of the submissions gather for the next one. */
const WRITES_IN_FLIGHT = 2;

/** Opens the tickets intake prepared: the write behind the one pipeline (docs/architecture.md). */
export function ticketOpener(deps: { db: Db; store: AttachmentStore; events: DomainEvents }) {
  const { db, store, events } = deps;

  // Submissions that arrive together are
  // written together, as ONE statement of data-modifying CTEs. It is atomic
  // without BEGIN/COMMIT (a batch is written whole or not at all, and a
  // failed batch is retried ticket by ticket), and costs one round trip, one
  // plan and one commit for the lot. The created events (their listeners'
  // rows, the live notifications) and the timers leave only if it commits.
  const write = batched(
    async (batch: Stored[]): Promise<Opened[]> => {
      for (let attempt = 0; ; attempt++) {
        const rows = batch.map((p) => ({
          p,
          // Time-ordered: appended at the right edge of each primary key, not spread over all its pages.
          ticketId: timeOrderedUuid(),
          messageId: timeOrderedUuid(),
          inboundId: timeOrderedUuid(),
          reference: newTicketReference(),
          fileIds: p.files.map(() => timeOrderedUuid()),
        }));
        try {
          const written = (await writeStatement(rows).execute(db)).rows[0]!;
          return rows.map((r) => ({ id: r.ticketId, reference: r.reference, detail: detailRow(r, Number(written.event_ids[r.ticketId])) }));
        } catch (err) {
          // A reference collision (one in 10^11) gets new references; anything else is real.
          if (isReferenceTaken(err) && attempt < 3) continue;
          throw err;
        }
      }
    },
    { maxBatch: MAX_BATCH, maxInFlight: WRITES_IN_FLIGHT },
  );

  /**
   * Every table's rows go in as one array per column (insert ... select from
   * unnest): the statement's text is the same for one ticket or sixty-four,
   * and binding costs a parameter per column instead of one per value.
   */
  function writeStatement(rows: Row[]) {
    const column = <T>(pick: (r: Row) => T) => rows.map(pick);
    const ids = column((r) => r.ticketId);
    const requesters = column((r) => r.p.requesterId);
    const channels = column((r) => r.p.channel);
    const trusts = column((r) => r.p.trust);
    const times = column((r) => r.p.at);
    const viaTokens = column((r) => r.p.via?.tokenId ?? null);
    const viaLabels = column((r) => r.p.via?.label ?? null);
    const files = rows.flatMap(({ p, ticketId, messageId, fileIds }) =>
      p.files.map((f, i) => ({ id: fileIds[i]!, ticketId, messageId, f, at: p.at })),
    );
    const keyed = rows.filter((r) => r.p.keyed);
    // Raw input stored before processing (an email's bytes, stored before its 250) is marked processed, not inserted.
    const fresh = rows.filter((r) => !r.p.inbound.storedId);
    const stored = rows.filter((r) => r.p.inbound.storedId);
    // Their listeners' rows (the acknowledgement mails) join this statement as CTEs of their own.
    const created = events.inStatement(
      rows.map(({ p, ticketId, reference }): EventOf<'ticket.created'> => ({
        type: 'ticket.created',
        ticketId,
        reference,
        subject: p.subject,
        promise: p.promise,
        recipients: p.recipients,
        // The acknowledgement answers the mail that opened the ticket (In-Reply-To), which this statement writes.
        emailMessageId: p.email?.messageId ?? null,
        // R12: an account is named but not proven (email_claimed): its acknowledgement says nothing of the account. A
        // caller an agent identified (`staff`) is the account's own person, mailed at the account's addresses.
        unverified: p.accountId !== null && p.trust !== 'staff' && !mayDiscloseAccountData(p.trust),
      })),
    );
    return sql<{ event_ids: Record<string, string> }>`
      with ticket as (
        insert into tickets (id, reference, account_id, requester_id, requester_email, department_id, priority, channel, trust, subject, service_id,
                             incident, created_at, updated_at, first_response_due_at, due_at, sla_clock_ms, cc, abuse, search_vector)
        select id, reference, account_id, requester_id, requester_email, department_id, priority, channel, trust, subject, service_id, incident,
               created_at, created_at, due_at, due_at, clock_ms, (select array_agg(x) from jsonb_array_elements_text(cc) x), abuse,
               -- Found by its words, the groups of its reference and its files' names (migration 0014).
               to_tsvector('centrala', concat_ws(' ', reference_search_text(reference), search_text, file_names_search_text(file_names)))
        from unnest(${ids}::uuid[], ${column((r) => r.reference)}::text[], ${column((r) => r.p.accountId)}::uuid[], ${requesters}::uuid[],
                    ${column((r) => r.p.requesterEmail)}::text[], ${column((r) => r.p.departmentId)}::uuid[], ${column((r) => r.p.priority)}::text[],
                    ${channels}::text[], ${trusts}::text[], ${column((r) => r.p.subject)}::text[], ${column((r) => r.p.serviceId)}::uuid[],
                    ${column((r) => JSON.stringify(r.p.incident))}::jsonb[], ${times}::timestamptz[], ${column((r) => r.p.clock.dueAt)}::timestamptz[],
                    ${column((r) => r.p.clock.clockMs)}::bigint[], ${column(({ p }) => searchable(`${p.subject}\n${p.body}\n${p.alsoSearchable}`))}::text[],
                    ${column((r) => r.p.files.map((f) => f.filename).join('\n') || null)}::text[],
                    ${column((r) => (r.p.cc?.length ? JSON.stringify(r.p.cc) : null))}::jsonb[], ${column((r) => r.p.abuse ?? false)}::boolean[])
          as t(id, reference, account_id, requester_id, requester_email, department_id, priority, channel, trust, subject, service_id, incident, created_at,
               due_at, clock_ms, search_text, file_names, cc, abuse)
      ), raw as (
        -- The raw input, stored and processed by this same statement. A second delivery of it breaks the
        -- (channel, source_id) key and writes nothing (isInboundSeen).
        insert into inbound (id, channel, source_id, payload, received_at, state, ticket_id, message_id, processed_at)
        select id, channel, source_id, payload, received_at, 'processed', ticket_id, message_id, received_at
        from unnest(${fresh.map((r) => r.inboundId)}::uuid[], ${fresh.map((r) => r.p.channel)}::text[], ${fresh.map((r) => r.p.inbound.sourceId)}::text[],
                    ${fresh.map((r) => JSON.stringify(r.p.inbound.payload))}::jsonb[], ${fresh.map((r) => r.p.at)}::timestamptz[],
                    ${fresh.map((r) => r.ticketId)}::uuid[], ${fresh.map((r) => r.messageId)}::uuid[])
          as i(id, channel, source_id, payload, received_at, ticket_id, message_id)
      ), stored as (
        -- Stored before processing: marked processed by this statement, once. Processed already (a replay racing the
        -- drain), it matches nothing and the statement fails below as a second insert would (isInboundSeen).
        update inbound set state = 'processed', ticket_id = s.ticket_id, message_id = s.message_id, processed_at = s.at, error = null,
                           next_attempt_at = null
        from unnest(${stored.map((r) => r.p.inbound.storedId!)}::uuid[], ${stored.map((r) => r.ticketId)}::uuid[],
                    ${stored.map((r) => r.messageId)}::uuid[], ${stored.map((r) => r.p.at)}::timestamptz[]) as s(id, ticket_id, message_id, at)
        where inbound.id = s.id and inbound.state <> 'processed'
        returning inbound.id
      ), message as (
        insert into ticket_messages (id, ticket_id, author_type, author_id, body, trust, created_at, email, api_token_id, author_label)
        select id, ticket_id, 'customer', author_id, body, trust, created_at, email, api_token_id, label
        from unnest(${column((r) => r.messageId)}::uuid[], ${ids}::uuid[], ${requesters}::uuid[], ${column((r) => r.p.body)}::text[],
                    ${trusts}::text[], ${times}::timestamptz[], ${column((r) => (r.p.email === undefined ? null : JSON.stringify(r.p.email)))}::jsonb[],
                    ${viaTokens}::uuid[], ${viaLabels}::text[])
          as m(id, ticket_id, author_id, body, trust, created_at, email, api_token_id, label)
      ), event as (
        insert into ticket_events (ticket_id, actor_id, kind, data, created_at, api_token_id, actor_label)
        select ticket_id, actor_id, 'created', data, created_at, api_token_id, label
        from unnest(${ids}::uuid[], ${column((r) => r.p.takenBy?.agentId ?? r.p.requesterId)}::uuid[],
                    ${column((r) => JSON.stringify(createdEventData(r.p)))}::jsonb[], ${times}::timestamptz[],
                    ${viaTokens}::uuid[], ${viaLabels}::text[])
          as e(ticket_id, actor_id, data, created_at, api_token_id, label)
        returning ticket_id, id
      ), files as (
        insert into attachments (id, ticket_id, message_id, sha256, filename, content_type, size_bytes, created_at)
        select * from unnest(${files.map((x) => x.id)}::uuid[], ${files.map((x) => x.ticketId)}::uuid[], ${files.map((x) => x.messageId)}::uuid[],
                             ${files.map((x) => x.f.sha256)}::text[], ${files.map((x) => x.f.filename)}::text[], ${files.map((x) => x.f.contentType)}::text[],
                             ${files.map((x) => x.f.sizeBytes)}::int[], ${files.map((x) => x.at)}::timestamptz[])
      )${keyed.length ? idempotencySql(keyed) : sql``}${created.ctes}
      select ${created.notify} as events,
             (select json_object_agg(ticket_id, id) from event) as event_ids${
               stored.length ? sql`, (select case when count(*) < ${stored.length} then inbound_seen() end from stored) as seen` : sql``
             }`;
  }

  /** Records the keyed tickets' Idempotency-Keys, with the detail their answer is made from (the event's id set here). */
  function idempotencySql(rows: Row[]) {
    const column = <T>(pick: (r: Row & { keyed: Keyed }) => T) => rows.map((r) => pick({ ...r, keyed: r.p.keyed! }));
    return sql`, idempotency as (
        insert into idempotency_keys (principal, key, route, request_hash, status, result)
        select k.principal, k.key, k.route, k.request_hash, 201, jsonb_set(k.result, '{events,0,id}', to_jsonb(e.id))
        from unnest(${column((r) => r.keyed.principal)}::text[], ${column((r) => r.keyed.key)}::text[], ${column((r) => r.keyed.route)}::text[],
                    ${column((r) => r.keyed.requestHash)}::text[], ${column((r) => r.ticketId)}::uuid[],
                    ${column((r) => JSON.stringify(detailRow(r, 0)))}::jsonb[]) as k(principal, key, route, request_hash, ticket_id, result)
        join event e on e.ticket_id = k.ticket_id
      )`;
  }

  /** The new ticket as the detail query would read it back (a test holds the two equal). */
  function detailRow({ p, ticketId, messageId, reference, fileIds }: Row, eventId: number): TicketDetailRow {
    return {
      id: ticketId,
      reference,
      subject: p.subject,
      status: 'open',
      priority: p.priority,
      channel: p.channel,
      trust: p.trust,
      department_id: p.departmentId,
      account_id: p.accountId,
      account_name: p.names.account,
      service_name: p.names.service,
      assignee_id: null,
      assignee_name: null,
      first_response_at: null,
      due_at: p.clock.dueAt?.toISOString() ?? null,
      sla_state: 'ok',
      abuse: p.abuse ?? false,
      priority_rank: p.priority === 'high' ? 0 : 1,
      sort_key: keyTimeOf(p.clock.dueAt),
      created_key: keyTimeOf(p.at),
      updated_key: keyTimeOf(p.at),
      incident: p.incident,
      merged_into: null,
      messages: [
        {
          id: messageId,
          author_type: 'customer',
          body: p.body,
          internal: false,
          trust: p.trust,
          created_at: p.at.toISOString(),
          author_name: p.names.requester ?? p.via?.label ?? p.requesterEmail,
          // In the detail query's order: by time (all equal here), then by name in byte order.
          files: p.files
            .map((f, i) => ({ id: fileIds[i]!, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes }))
            .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0)),
        },
      ],
      events: [
        {
          id: eventId,
          kind: 'created',
          data: createdEventData(p),
          created_at: p.at.toISOString(),
          actor_name: p.takenBy?.agentName ?? p.names.requester ?? p.via?.label ?? null,
        },
      ],
    };
  }

  return {
    async open(ticket: TicketToOpen): Promise<Opened> {
      // Files land on disk (content-addressed) before any row names them.
      const files = await Promise.all(ticket.files.map(async (f) => ({ ...(await store.adopt(f)), filename: safeFilename(f.filename) })));
      return write({ ...ticket, files });
    },
  };
}
export type TicketOpener = ReturnType<typeof ticketOpener>;

import type { Channel, FieldError, IncidentDetails, LocalizedText, NewTicket, Trust } from '@centrala/contracts';
import { extractIncidentDetails, FUTURE_TOLERANCE_MS, isValidZone, missingDetails, parseZonedTime } from '@centrala/incident';
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { isKeyTaken, type Keyed } from '../../http/idempotency.js';
import { batched } from '../../db/batched.js';
import { timeOrderedUuid } from '../../db/ids.js';
import { notifyAllSql } from '../realtime/index.js';
import { firstResponsePromise, nextClock, type SlaPolicies } from '../sla/index.js';
import {
  customerMails,
  keyTimeOf,
  newTicketReference,
  recipientsSql,
  safeFilename,
  type AttachmentStore,
  type Recipients,
  ticketQueries,
  type TicketDetailRow,
  type UploadedFile,
} from '../tickets/index.js';

/** Who wrote in, as far as the channel can tell (DESIGN.md "One pipeline", step 2). */
export type Requester =
  /** Logged in to the client area: their account is certain (trust `session`, R9). */
  | { kind: 'user'; userId: string; accountId: string }
  /** Known only by an email address, which may belong to no account yet (R11, R12); linked by an agent later. */
  | { kind: 'contact'; email: string; accountId: string | null; userId: string | null }
  /** A chat visitor who gave no address. */
  | { kind: 'visitor' };

/** What the requester stated beside the text: the client-area form asks for all of it; other channels fill what they can. */
export type Stated = Pick<NewTicket, 'departmentId' | 'priority' | 'serviceId' | 'incident'>;

/** One inbound contact, whatever its channel: channels differ only in how they fill it. */
export interface Submission {
  channel: Channel;
  /** How the author was identified (docs/architecture.md "Trust"); the client area gives `session` (R9). */
  trust: Exclude<Trust, 'staff'>;
  requester: Requester;
  /**
   * The raw input as it arrived, stored (table `inbound`) by the statement that writes its ticket, so the sender is
   * answered only once both are durable. `sourceId` is unique per channel (an email's Message-ID, a form's id): the
   * same input processed twice yields its first ticket.
   */
  inbound: { sourceId: string; payload: unknown };
  subject: string;
  body: string;
  files: UploadedFile[];
  stated: Stated;
  /** Its Idempotency-Key: recorded by the statement that writes the ticket, with the detail the answer is made from. */
  keyed?: Keyed | null;
}

/** A submission that passed every check, with everything its write needs. */
interface Prepared {
  s: Submission;
  now: Date;
  incident: IncidentDetails;
  serviceId: string | null;
  files: StoredFile[];
  clock: ReturnType<typeof nextClock>;
  recipients: Recipients;
  /** The first answer promised at filing: the acknowledgement mail says it, the created event records it for the screen. */
  promise: LocalizedText;
  /** For the ticket's detail, which the caller gets without reading it back. */
  names: { account: string | null; requester: string | null; service: string | null };
}
type StoredFile = Awaited<ReturnType<AttachmentStore['adopt']>> & { filename: string };

interface Known {
  services: { id: string; name: string; order_number: string; ip_addresses: string[] }[];
  department_active: boolean | null;
  recipients: Recipients;
  account_name: string | null;
  requester_name: string | null;
}

/** The columns a requester fills: an account and a user when known, the address an accountless one is answered at. */
function requesterColumns(r: Requester): { accountId: string | null; userId: string | null; email: string | null } {
  switch (r.kind) {
    case 'user':
      return { accountId: r.accountId, userId: r.userId, email: null };
    case 'contact':
      return { accountId: r.accountId, userId: r.userId, email: r.email };
    case 'visitor':
      return { accountId: null, userId: null, email: null };
  }
}

/**
 * 4. Route, the thread: a new ticket, or a reply to the one this input
 * continues. The client-area form and the API always open a new ticket; email
 * (In-Reply-To/References, the [T-…] subject tag) and chat (its conversation)
 * will find their ticket here, and a reply goes to the tickets module's reply
 * command instead of the write below.
 */
function threadOf(s: Submission): { kind: 'new' } {
  switch (s.channel) {
    case 'ticket':
    case 'api':
    case 'email':
    case 'chat':
      return { kind: 'new' };
  }
}

/** Raised by the write when the input's (channel, source id) was processed already; intake answers with its ticket. */
const isInboundSeen = (err: unknown) =>
  isUniqueViolation(err) && (err as { constraint?: string }).constraint === 'inbound_channel_source_id_key';

/** A ticket as intake wrote it, with its detail as the customer sees it. */
export interface Created {
  id: string;
  reference: string;
  detail: TicketDetailRow;
}
type Row = { p: Prepared; ticketId: string; messageId: string; inboundId: string; reference: string; fileIds: string[] };

const createdEventData = (p: Prepared) => ({ channel: p.s.channel, priority: p.s.stated.priority, trust: p.s.trust, promise: p.promise });

/** Tickets written by one statement at most; bounds its size and the wait of the last one in. */
const MAX_BATCH = 64;
/** Statements writing at once; the rest of the submissions gather for the next one. */
const WRITES_IN_FLIGHT = 2;

/**
 * The one pipeline every inbound contact goes through (docs/architecture.md): intake,
 * identify and verify, extract, route, clock, notify. Channels differ only in
 * how they fill a Submission.
 */
export function intakePipeline(deps: { db: Db; policies: SlaPolicies; store: AttachmentStore; publicUrl: string }) {
  const { db, policies, store } = deps;
  const mails = customerMails(deps.publicUrl);

  // 2. Identify and verify needs the account's services, whether the department is open,
  // and who hears about the ticket: one round trip, shared by submissions arriving together.
  const identify = batched(
    async (asks: { accountId: string | null; departmentId: string; requesterId: string | null; email: string | null }[]) => {
      const { rows } = await sql<Known>`
        select
          (select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'order_number', s.order_number, 'ip_addresses', s.ip_addresses)), '[]')
             from services s where s.account_id = k.account_id) as services,
          (select d.active from departments d where d.id = k.department_id) as department_active,
          ${recipientsSql(sql.ref('k.account_id'), sql.ref('k.requester_id'), sql.ref('k.email'))} as recipients,
          (select a.name from accounts a where a.id = k.account_id) as account_name,
          (select u.name from users u where u.id = k.requester_id) as requester_name
        from unnest(${asks.map((a) => a.accountId)}::uuid[], ${asks.map((a) => a.departmentId)}::uuid[], ${asks.map((a) => a.requesterId)}::uuid[],
                    ${asks.map((a) => a.email)}::text[])
          with ordinality as k(account_id, department_id, requester_id, email, n)
        order by k.n`.execute(db);
      return rows;
    },
    { maxBatch: MAX_BATCH, maxInFlight: 4 },
  );

  // 4. Route, 5. clock, 6. notify: submissions that arrive together are
  // written together, as ONE statement of data-modifying CTEs. It is atomic
  // without BEGIN/COMMIT (a batch is written whole or not at all, and a
  // failed batch is retried ticket by ticket), and costs one round trip, one
  // plan and one commit for the lot. The realtime events and the timers leave
  // only if it commits.
  const write = batched(
    async (batch: Prepared[]): Promise<Created[]> => {
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
          if (isUniqueViolation(err) && !isKeyTaken(err) && !isInboundSeen(err) && attempt < 3) continue;
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
    const who = column((r) => requesterColumns(r.p.s.requester));
    const requesters = who.map((w) => w.userId);
    const trusts = column((r) => r.p.s.trust);
    const times = column((r) => r.p.now);
    const mailsOut = rows.flatMap(({ p, reference }) => mails.acknowledged(p.recipients, { reference, subject: p.s.subject }, p.promise));
    const files = rows.flatMap(({ p, ticketId, messageId, fileIds }) =>
      p.files.map((f, i) => ({ id: fileIds[i]!, ticketId, messageId, f, at: p.now })),
    );
    const keyed = rows.filter((r) => r.p.s.keyed);
    return sql<{ event_ids: Record<string, string> }>`
      with ticket as (
        insert into tickets (id, reference, account_id, requester_id, requester_email, department_id, priority, channel, trust, subject, service_id,
                             incident, created_at, updated_at, first_response_due_at, due_at, sla_clock_ms, search_vector)
        select id, reference, account_id, requester_id, requester_email, department_id, priority, channel, trust, subject, service_id, incident,
               created_at, created_at, due_at, due_at, clock_ms,
               -- Found by its words, the groups of its reference and its files' names (migration 0014).
               to_tsvector('centrala', concat_ws(' ', reference_search_text(reference), search_text, file_names_search_text(file_names)))
        from unnest(${ids}::uuid[], ${column((r) => r.reference)}::text[], ${who.map((w) => w.accountId)}::uuid[], ${requesters}::uuid[],
                    ${who.map((w) => w.email)}::text[],
                    ${column((r) => r.p.s.stated.departmentId)}::uuid[], ${column((r) => r.p.s.stated.priority)}::text[], ${column((r) => r.p.s.channel)}::text[],
                    ${trusts}::text[], ${column((r) => r.p.s.subject)}::text[], ${column((r) => r.p.serviceId)}::uuid[],
                    ${column((r) => JSON.stringify(r.p.incident))}::jsonb[], ${times}::timestamptz[], ${column((r) => r.p.clock.dueAt)}::timestamptz[],
                    ${column((r) => r.p.clock.clockMs)}::bigint[], ${column(({ p: { s } }) => `${s.subject}\n${s.body}\n${s.stated.incident.diagnostics}`)}::text[],
                    ${column((r) => r.p.files.map((f) => f.filename).join('\n') || null)}::text[])
          as t(id, reference, account_id, requester_id, requester_email, department_id, priority, channel, trust, subject, service_id, incident, created_at,
               due_at, clock_ms, search_text, file_names)
      ), raw as (
        -- 1. Intake: the raw input, processed by this same statement. A second delivery of it breaks the
        -- (channel, source_id) key and writes nothing (isInboundSeen).
        insert into inbound (id, channel, source_id, payload, received_at, state, ticket_id, message_id, processed_at)
        select id, channel, source_id, payload, received_at, 'processed', ticket_id, message_id, received_at
        from unnest(${column((r) => r.inboundId)}::uuid[], ${column((r) => r.p.s.channel)}::text[], ${column((r) => r.p.s.inbound.sourceId)}::text[],
                    ${column((r) => JSON.stringify(r.p.s.inbound.payload))}::jsonb[], ${times}::timestamptz[], ${ids}::uuid[],
                    ${column((r) => r.messageId)}::uuid[]) as i(id, channel, source_id, payload, received_at, ticket_id, message_id)
      ), message as (
        insert into ticket_messages (id, ticket_id, author_type, author_id, body, trust, created_at)
        select id, ticket_id, 'customer', author_id, body, trust, created_at
        from unnest(${column((r) => r.messageId)}::uuid[], ${ids}::uuid[], ${requesters}::uuid[], ${column((r) => r.p.s.body)}::text[],
                    ${trusts}::text[], ${times}::timestamptz[]) as m(id, ticket_id, author_id, body, trust, created_at)
      ), event as (
        insert into ticket_events (ticket_id, actor_id, kind, data, created_at)
        select ticket_id, actor_id, 'created', data, created_at
        from unnest(${ids}::uuid[], ${requesters}::uuid[], ${column((r) => JSON.stringify(createdEventData(r.p)))}::jsonb[], ${times}::timestamptz[])
          as e(ticket_id, actor_id, data, created_at)
        returning ticket_id, id
      ), acknowledgement as (
        insert into outbox_emails (to_address, subject, text_body, kind)
        select * from unnest(${mailsOut.map((m) => m.to_address)}::text[], ${mailsOut.map((m) => m.subject)}::text[], ${mailsOut.map((m) => m.text_body)}::text[],
                             ${mailsOut.map((m) => m.kind)}::text[])
      ), files as (
        insert into attachments (id, ticket_id, message_id, sha256, filename, content_type, size_bytes, created_at)
        select * from unnest(${files.map((x) => x.id)}::uuid[], ${files.map((x) => x.ticketId)}::uuid[], ${files.map((x) => x.messageId)}::uuid[],
                             ${files.map((x) => x.f.sha256)}::text[], ${files.map((x) => x.f.filename)}::text[], ${files.map((x) => x.f.contentType)}::text[],
                             ${files.map((x) => x.f.sizeBytes)}::int[], ${files.map((x) => x.at)}::timestamptz[])
      )${keyed.length ? idempotencySql(keyed) : sql``}
      select ${notifyAllSql(rows.map(({ ticketId }) => ({ type: 'ticket:changed', ticketId, change: 'created' })))} as events,
             (select json_object_agg(ticket_id, id) from event) as event_ids`;
  }

  /** Records the keyed tickets' Idempotency-Keys, with the detail their answer is made from (the event's id set here). */
  function idempotencySql(rows: Row[]) {
    const column = <T>(pick: (r: Row & { keyed: Keyed }) => T) => rows.map((r) => pick({ ...r, keyed: r.p.s.keyed! }));
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
    const t = p.s.stated;
    return {
      id: ticketId,
      reference,
      subject: p.s.subject,
      status: 'open',
      priority: t.priority,
      channel: p.s.channel,
      trust: p.s.trust,
      department_id: t.departmentId,
      account_id: requesterColumns(p.s.requester).accountId,
      account_name: p.names.account,
      service_name: p.names.service,
      assignee_id: null,
      assignee_name: null,
      first_response_at: null,
      due_at: p.clock.dueAt?.toISOString() ?? null,
      sla_state: 'ok',
      priority_rank: t.priority === 'high' ? 0 : 1,
      sort_key: keyTimeOf(p.clock.dueAt),
      created_key: keyTimeOf(p.now),
      updated_key: keyTimeOf(p.now),
      incident: p.incident,
      messages: [
        {
          id: messageId,
          author_type: 'customer',
          body: p.s.body,
          internal: false,
          trust: p.s.trust,
          created_at: p.now.toISOString(),
          author_name: p.names.requester,
          // In the detail query's order: by time (all equal here), then by name in byte order.
          files: p.files
            .map((f, i) => ({ id: fileIds[i]!, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes }))
            .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0)),
        },
      ],
      events: [{ id: eventId, kind: 'created', data: createdEventData(p), created_at: p.now.toISOString(), actor_name: p.names.requester }],
    };
  }

  const tickets = ticketQueries(db);

  return {
    /**
     * Takes one inbound contact through the pipeline. An input whose (channel, source id) was processed before
     * answers with the ticket it made then, as it stands now.
     */
    async submit(s: Submission): Promise<Created> {
      try {
        const thread = threadOf(s);
        switch (thread.kind) {
          case 'new':
            return await open(s);
        }
      } catch (err) {
        if (!isInboundSeen(err)) throw err;
        const first = await db
          .selectFrom('inbound')
          .select('ticket_id')
          .where('channel', '=', s.channel)
          .where('source_id', '=', s.inbound.sourceId)
          .executeTakeFirst();
        const detail = first?.ticket_id ? await tickets.storedDetail(first.ticket_id, 'customer') : undefined;
        if (!detail) throw err;
        return { id: detail.id, reference: detail.reference, detail };
      }
    },
  };

  async function open(s: Submission): Promise<Created> {
    const t = s.stated;
    const now = new Date();
    const who = requesterColumns(s.requester);

    // 2. Identify and verify: the service and department must be real, and the service the customer's own.
    const known = await identify({ accountId: who.accountId, departmentId: t.departmentId, requesterId: who.userId, email: who.email });
    const services = known.services;
    const chosen = t.serviceId ? services.find((x) => x.id === t.serviceId) : undefined;
    const problems: FieldError[] = [];
    if (t.serviceId && !chosen)
      problems.push(field('serviceId', 'not_found', 'Choose one of your services.', 'Odaberite jednu od svojih usluga.'));
    if (!known.department_active) problems.push(field('departmentId', 'not_found', 'Choose a department.', 'Odaberite odjel.'));

    // 3. Extract: R5 details from the structured fields first, then from the free text.
    const stated = statedStart(t.incident, now, problems);
    if (problems.length)
      throw new AppError(
        400,
        problems[0]!.path === 'serviceId' ? 'service.not_found' : 'request.invalid',
        text('Some fields are not valid.', 'Neka polja nisu ispravna.'),
        problems,
      );
    const found = extractIncidentDetails({
      text: [s.body, t.incident.ipOrOrder, t.incident.diagnostics].filter(Boolean).join('\n\n'),
      services: services.map((x) => ({ id: x.id, name: x.name, orderNumber: x.order_number, ipAddresses: x.ip_addresses })),
      now,
    });
    const incident: IncidentDetails = {
      ipAddresses: found.ipAddresses,
      orderNumbers: found.orderNumbers,
      // Every service the text names, when none was chosen: an incident may touch several (web server and mail).
      serviceName: chosen?.name ?? (found.services.map((x) => x.name).join(', ') || null),
      startedAt:
        stated ?? (found.startedAt && { utc: found.startedAt.utc, zone: found.startedAt.zone, zoneStated: found.startedAt.zoneStated }),
      hasDiagnostics: found.hasDiagnostics || s.files.length > 0,
      diagnostics: t.incident.diagnostics.trim() || null,
      missing:
        t.priority === 'high'
          ? missingDetails(found, { serviceId: chosen?.id ?? null, startedAt: stated?.utc ?? null, hasAttachments: s.files.length > 0 })
          : [],
    };

    // 1. Intake: files land on disk (content-addressed) before any row names them.
    const files = await Promise.all(s.files.map(async (f) => ({ ...(await store.adopt(f)), filename: safeFilename(f.filename) })));
    const policy = await policies.for(s.channel, t.priority);
    const service = chosen ?? (found.services.length === 1 ? services.find((x) => x.id === found.services[0]!.id) : undefined);
    return write({
      s,
      now,
      incident,
      serviceId: service?.id ?? null,
      names: { account: known.account_name, requester: known.requester_name, service: service?.name ?? null },
      files,
      clock: nextClock({ createdAt: now, firstResponseAt: null, dueAt: null, pausedRemainingMs: null }, 'opened', policy, now),
      recipients: known.recipients,
      promise: firstResponsePromise(policy, now),
    });
  }
}
export type IntakePipeline = ReturnType<typeof intakePipeline>;

function field(path: string, code: string, en: string, hr: string): FieldError {
  return { path, code, message: text(en, hr) };
}

/** A start time from the form: a wall time needs its zone (R5), and cannot be in the future. */
function statedStart(incident: NewTicket['incident'], now: Date, problems: FieldError[]): IncidentDetails['startedAt'] {
  const { startedAtLocal: local, startedAtZone: zone } = incident;
  if (!local) return null;
  if (!zone) {
    problems.push(
      field('incident.startedAtZone', 'required', 'Say which time zone this time is in.', 'Navedite vremensku zonu za ovo vrijeme.'),
    );
    return null;
  }
  if (!isValidZone(zone)) {
    problems.push(field('incident.startedAtZone', 'invalid', 'This is not a known time zone.', 'Ovo nije poznata vremenska zona.'));
    return null;
  }
  let at: Date;
  try {
    at = parseZonedTime(local, zone);
  } catch {
    at = new Date(Number.NaN);
  }
  if (Number.isNaN(at.getTime())) {
    problems.push(field('incident.startedAtLocal', 'invalid', 'This is not a valid date and time.', 'Ovo nije ispravan datum i vrijeme.'));
    return null;
  }
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push(
      field('incident.startedAtLocal', 'future', 'The start time cannot be in the future.', 'Vrijeme početka ne može biti u budućnosti.'),
    );
    return null;
  }
  return { utc: at.toISOString(), zone, zoneStated: true };
}

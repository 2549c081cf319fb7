import { randomUUID } from 'node:crypto';
import type { Channel, FieldError, IncidentDetails, NewTicket } from '@centrala/contracts';
import { extractIncidentDetails, isValidZone, missingDetails, parseZonedTime } from '@centrala/incident';
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, text } from '../../http/errors.js';
import { batched } from '../../db/batched.js';
import { notifyAllSql } from '../realtime/bus.js';
import type { SlaPolicies } from '../sla/policies.repository.js';
import { slaTimersSql } from '../sla/schedule.js';
import { nextClock } from '../sla/transitions.js';
import { safeFilename, type UploadedFile } from '../tickets/commands.js';
import type { AttachmentStore } from '../tickets/attachment-store.js';
import { customerMails, recipientsSql, type Recipients } from '../tickets/customer-mails.js';
import type { TicketDetailRow } from '../tickets/queries.js';
import { newTicketReference } from '../tickets/reference.js';

export interface Submission {
  channel: Channel;
  /** How the author was identified (DESIGN.md "Trust"); the client area gives `session` (R9). */
  trust: 'session' | 'email_authenticated' | 'email_claimed' | 'anonymous';
  accountId: string;
  requesterId: string | null;
  ticket: NewTicket;
  files: UploadedFile[];
}

/** Clock drift we forgive before calling a start time "in the future". */
const FUTURE_SLACK_MS = 10 * 60_000;

/** A submission that passed every check, with everything its write needs. */
interface Prepared {
  s: Submission;
  now: Date;
  incident: IncidentDetails;
  serviceId: string | null;
  files: StoredFile[];
  clock: ReturnType<typeof nextClock>;
  recipients: Recipients;
  firstResponseMinutes: number;
  /** For the ticket's detail, which the caller gets without reading it back. */
  names: { account: string; requester: string | null; service: string | null };
}
type StoredFile = Awaited<ReturnType<AttachmentStore['put']>> & { filename: string };

interface Known {
  services: { id: string; name: string; order_number: string; ip_addresses: string[] }[];
  department_active: boolean | null;
  recipients: Recipients;
  account_name: string | null;
  requester_name: string | null;
}

/** A ticket as intake wrote it, with its detail as the customer sees it. */
export interface Created {
  id: string;
  reference: string;
  detail: TicketDetailRow;
}
type Row = { p: Prepared; ticketId: string; messageId: string; reference: string; fileIds: string[] };

const createdEventData = (p: Prepared) => ({ channel: p.s.channel, priority: p.s.ticket.priority, trust: p.s.trust });

/** Tickets written by one statement at most; bounds its size and the wait of the last one in. */
const MAX_BATCH = 64;
/** Statements writing at once; the rest of the submissions gather for the next one. */
const WRITES_IN_FLIGHT = 2;

/**
 * The one pipeline every inbound contact goes through (DESIGN.md): intake,
 * identify and verify, extract, route, clock, notify. Channels differ only in
 * how they fill a Submission.
 */
export function intakePipeline(deps: { db: Db; policies: SlaPolicies; store: AttachmentStore; publicUrl: string }) {
  const { db, policies, store } = deps;
  const mails = customerMails(deps.publicUrl);

  // 2. Identify and verify needs the account's services, whether the department is open,
  // and who hears about the ticket: one round trip, shared by submissions arriving together.
  const identify = batched(
    async (asks: { accountId: string; departmentId: string; requesterId: string | null }[]) => {
      const { rows } = await sql<Known>`
        select
          (select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'order_number', s.order_number, 'ip_addresses', s.ip_addresses)), '[]')
             from services s where s.account_id = k.account_id) as services,
          (select d.active from departments d where d.id = k.department_id) as department_active,
          ${recipientsSql(sql.ref('k.account_id'), sql.ref('k.requester_id'))} as recipients,
          (select a.name from accounts a where a.id = k.account_id) as account_name,
          (select u.name from users u where u.id = k.requester_id) as requester_name
        from unnest(${asks.map((a) => a.accountId)}::uuid[], ${asks.map((a) => a.departmentId)}::uuid[], ${asks.map((a) => a.requesterId)}::uuid[])
          with ordinality as k(account_id, department_id, requester_id, n)
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
        const rows = batch.map((p) => ({ p, ticketId: randomUUID(), messageId: randomUUID(), reference: newTicketReference(), fileIds: p.files.map(() => randomUUID()) }));
        try {
          const written = await writeStatement(rows).executeTakeFirstOrThrow();
          return rows.map((r) => ({ id: r.ticketId, reference: r.reference, detail: detailRow(r, Number(written.event_ids[r.ticketId])) }));
        } catch (err) {
          // A reference collision (one in 10^11) gets new references; anything else is real.
          if (isUniqueViolation(err) && attempt < 3) continue;
          throw err;
        }
      }
    },
    { maxBatch: MAX_BATCH, maxInFlight: WRITES_IN_FLIGHT },
  );

  function writeStatement(rows: Row[]) {
    let statement = db
      .with('ticket', (q) =>
        q.insertInto('tickets').values(
          rows.map(({ p, ticketId, reference }) => {
            const t = p.s.ticket;
            return {
              id: ticketId,
              reference,
              account_id: p.s.accountId,
              requester_id: p.s.requesterId,
              department_id: t.departmentId,
              priority: t.priority,
              channel: p.s.channel,
              trust: p.s.trust,
              subject: t.subject,
              service_id: p.serviceId,
              incident: JSON.stringify(p.incident),
              created_at: p.now,
              updated_at: p.now,
              first_response_due_at: p.clock.dueAt,
              due_at: p.clock.dueAt,
              sla_clock_ms: p.clock.clockMs,
              search_vector: sql`to_tsvector('centrala', ${`${t.subject}\n${t.description}\n${t.incident.diagnostics}`})`,
            };
          }),
        ),
      )
      .with('message', (q) =>
        q.insertInto('ticket_messages').values(
          rows.map(({ p, ticketId, messageId }) => ({
            id: messageId, ticket_id: ticketId, author_type: 'customer' as const, author_id: p.s.requesterId, body: p.s.ticket.description, trust: p.s.trust, created_at: p.now,
          })),
        ),
      )
      .with('event', (q) =>
        q.insertInto('ticket_events').values(
          rows.map(({ p, ticketId }) => ({
            ticket_id: ticketId, actor_id: p.s.requesterId, kind: 'created', data: JSON.stringify(createdEventData(p)), created_at: p.now,
          })),
        ).returning(['ticket_id', 'id']),
      )
      .with('acknowledgement', (q) =>
        q.insertInto('outbox_emails').values(rows.flatMap(({ p, reference }) => mails.acknowledged(p.recipients, { reference, subject: p.s.ticket.subject }, p.firstResponseMinutes))),
      );
    const files = rows.flatMap(({ p, ticketId, messageId, fileIds }) =>
      p.files.map((f, i) => ({ id: fileIds[i], ticket_id: ticketId, message_id: messageId, sha256: f.sha256, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes, created_at: p.now })),
    );
    if (files.length) statement = statement.with('files', (q) => q.insertInto('attachments').values(files)) as unknown as typeof statement;
    const timers = rows.flatMap(({ p, ticketId }) => (p.clock.dueAt ? [{ ticketId, due: p.clock.dueAt, clockMs: p.clock.clockMs }] : []));
    return statement.selectNoFrom([
      (timers.length ? slaTimersSql(timers) : sql<string>`null`).as('timers'),
      notifyAllSql(rows.map(({ ticketId }) => ({ type: 'ticket:changed', ticketId, change: 'created' }))).as('events'),
      sql<Record<string, string>>`(select json_object_agg(ticket_id, id) from event)`.as('event_ids'),
    ]);
  }

  /** The new ticket as the detail query would read it back (a test holds the two equal). */
  function detailRow({ p, ticketId, messageId, reference, fileIds }: Row, eventId: number): TicketDetailRow {
    const t = p.s.ticket;
    return {
      id: ticketId, reference, subject: t.subject, status: 'open', priority: t.priority, channel: p.s.channel, trust: p.s.trust,
      department_id: t.departmentId, account_id: p.s.accountId, account_name: p.names.account, service_name: p.names.service,
      assignee_id: null, assignee_name: null, created_at: p.now, updated_at: p.now, first_response_at: null, due_at: p.clock.dueAt, sla_state: 'ok',
      priority_rank: t.priority === 'high' ? 0 : 1, queue_sort_at: p.clock.dueAt ?? new Date(Number.POSITIVE_INFINITY),
      incident: p.incident,
      messages: [
        {
          id: messageId, author_type: 'customer', body: t.description, internal: false, trust: p.s.trust, created_at: p.now.toISOString(), author_name: p.names.requester,
          // In the detail query's order: by time (all equal here), then by name in byte order.
          files: p.files
            .map((f, i) => ({ id: fileIds[i]!, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes }))
            .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0)),
        },
      ],
      events: [{ id: eventId, kind: 'created', data: createdEventData(p), created_at: p.now.toISOString(), actor_name: p.names.requester }],
    };
  }

  return {
    async submit(s: Submission): Promise<Created> {
      const t = s.ticket;
      const now = new Date();

      // 2. Identify and verify: the service and department must be real, and the service the customer's own.
      const known = await identify({ accountId: s.accountId, departmentId: t.departmentId, requesterId: s.requesterId });
      const services = known.services;
      const chosen = t.serviceId ? services.find((x) => x.id === t.serviceId) : undefined;
      const problems: FieldError[] = [];
      if (t.serviceId && !chosen) problems.push(field('serviceId', 'not_found', 'Choose one of your services.', 'Odaberite jednu od svojih usluga.'));
      if (!known.department_active) problems.push(field('departmentId', 'not_found', 'Choose a department.', 'Odaberite odjel.'));

      // 3. Extract: R5 details from the structured fields first, then from the free text.
      const stated = statedStart(t.incident, now, problems);
      if (problems.length) throw new AppError(400, problems[0]!.path === 'serviceId' ? 'service.not_found' : 'request.invalid', text('Some fields are not valid.', 'Neka polja nisu ispravna.'), problems);
      const found = extractIncidentDetails({
        text: [t.description, t.incident.ipOrOrder, t.incident.diagnostics].filter(Boolean).join('\n\n'),
        services: services.map((x) => ({ id: x.id, name: x.name, orderNumber: x.order_number, ipAddresses: x.ip_addresses })),
        now,
      });
      const incident: IncidentDetails = {
        ipAddresses: found.ipAddresses,
        orderNumbers: found.orderNumbers,
        serviceName: chosen?.name ?? found.services[0]?.name ?? null,
        startedAt: stated ?? (found.startedAt && { utc: found.startedAt.utc, zone: found.startedAt.zone, zoneStated: found.startedAt.zoneStated }),
        hasDiagnostics: found.hasDiagnostics || s.files.length > 0,
        diagnostics: t.incident.diagnostics.trim() || null,
        missing: t.priority === 'high' ? missingDetails(found, { serviceId: chosen?.id ?? null, startedAt: stated?.utc ?? null, hasAttachments: s.files.length > 0 }) : [],
      };

      // 1. Intake: files land on disk (content-addressed) before any row names them.
      const files = await Promise.all(s.files.map(async (f) => ({ ...(await store.put(f.bytes)), filename: safeFilename(f.filename) })));
      const policy = await policies.for(s.channel, t.priority);
      const service = chosen ?? (found.services.length === 1 ? services.find((x) => x.id === found.services[0]!.id) : undefined);
      return write({
        s,
        now,
        incident,
        serviceId: service?.id ?? null,
        names: { account: known.account_name!, requester: known.requester_name, service: service?.name ?? null },
        files,
        clock: nextClock({ createdAt: now, firstResponseAt: null, dueAt: null, pausedRemainingMs: null }, 'opened', policy, now),
        recipients: known.recipients,
        firstResponseMinutes: Math.round(policy.firstResponseSeconds / 60),
      });
    },
  };
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
    problems.push(field('incident.startedAtZone', 'required', 'Say which time zone this time is in.', 'Navedite vremensku zonu za ovo vrijeme.'));
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
  if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    problems.push(field('incident.startedAtLocal', 'future', 'The start time cannot be in the future.', 'Vrijeme početka ne može biti u budućnosti.'));
    return null;
  }
  return { utc: at.toISOString(), zone, zoneStated: true };
}


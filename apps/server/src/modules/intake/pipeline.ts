import { randomUUID } from 'node:crypto';
import type { Channel, FieldError, IncidentDetails, NewTicket } from '@centrala/contracts';
import { extractIncidentDetails, isValidZone, missingDetails, parseZonedTime } from '@centrala/incident';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../../db/pool.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, text } from '../../http/errors.js';
import { notifySql } from '../realtime/bus.js';
import type { SlaPolicies } from '../sla/policies.repository.js';
import { slaTimerSql } from '../sla/schedule.js';
import { nextClock } from '../sla/transitions.js';
import { safeFilename, type UploadedFile } from '../tickets/commands.js';
import type { AttachmentStore } from '../tickets/attachment-store.js';
import { customerMails } from '../tickets/customer-mails.js';
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

/**
 * The one pipeline every inbound contact goes through (DESIGN.md): intake,
 * identify and verify, extract, route, clock, notify. Channels differ only in
 * how they fill a Submission.
 */
export function intakePipeline(deps: { db: Db; policies: SlaPolicies; store: AttachmentStore; publicUrl: string }) {
  const { db, policies, store } = deps;
  const mails = customerMails(deps.publicUrl);

  return {
    async submit(s: Submission): Promise<{ id: string; reference: string }> {
      const t = s.ticket;
      const now = new Date();

      // 2. Identify and verify: the service and department must be real, and the service the customer's own.
      // One round trip: the account's services and whether the department is open.
      const known = await db
        .selectNoFrom((eb) => [
          jsonArrayFrom(eb.selectFrom('services').select(['id', 'name', 'order_number', 'ip_addresses']).where('account_id', '=', s.accountId)).as('services'),
          eb.selectFrom('departments').select('active').where('id', '=', t.departmentId).as('department_active'),
        ])
        .executeTakeFirstOrThrow();
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
      const serviceId = chosen?.id ?? (found.services.length === 1 ? found.services[0]!.id : null);

      // 1. Intake: files land on disk (content-addressed) before any row names them.
      const stored = await Promise.all(s.files.map(async (f) => ({ ...(await store.put(f.bytes)), filename: safeFilename(f.filename) })));
      const policy = await policies.for(s.channel, t.priority);
      const clock = nextClock({ createdAt: now, firstResponseAt: null, dueAt: null, pausedRemainingMs: null }, 'opened', policy, now);
      const recipients = await mails.recipients(db, { account_id: s.accountId, requester_id: s.requesterId });

      // 4. Route, 5. clock, 6. notify, as ONE statement of data-modifying CTEs:
      // atomic without BEGIN/COMMIT, and one round trip instead of nine on the
      // busiest write path. The realtime event (pg_notify) and the timer leave
      // only if it commits.
      for (let attempt = 0; ; attempt++) {
        const ticketId = randomUUID();
        const messageId = randomUUID();
        const reference = newTicketReference();
        try {
          let statement = db
            .with('ticket', (q) =>
              q.insertInto('tickets').values({
                id: ticketId,
                reference,
                account_id: s.accountId,
                requester_id: s.requesterId,
                department_id: t.departmentId,
                priority: t.priority,
                channel: s.channel,
                trust: s.trust,
                subject: t.subject,
                service_id: serviceId,
                incident: JSON.stringify(incident),
                created_at: now,
                updated_at: now,
                first_response_due_at: clock.dueAt,
                due_at: clock.dueAt,
                sla_clock_ms: clock.clockMs,
                search_vector: sql`to_tsvector('centrala', ${`${t.subject}\n${t.description}\n${t.incident.diagnostics}`})`,
              }),
            )
            .with('message', (q) =>
              q.insertInto('ticket_messages').values({ id: messageId, ticket_id: ticketId, author_type: 'customer', author_id: s.requesterId, body: t.description, trust: s.trust, created_at: now }),
            )
            .with('event', (q) =>
              q.insertInto('ticket_events').values({ ticket_id: ticketId, actor_id: s.requesterId, kind: 'created', data: JSON.stringify({ channel: s.channel, priority: t.priority, trust: s.trust }) }),
            )
            .with('acknowledgement', (q) => q.insertInto('outbox_emails').values(mails.acknowledged(recipients, { reference, subject: t.subject }, Math.round(policy.firstResponseSeconds / 60))));
          if (stored.length) {
            statement = statement.with('files', (q) =>
              q.insertInto('attachments').values(stored.map((f) => ({ ticket_id: ticketId, message_id: messageId, sha256: f.sha256, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes }))),
            ) as unknown as typeof statement;
          }
          await statement.selectNoFrom([slaTimerSql(ticketId, clock.dueAt, clock.clockMs).as('timer'), notifySql({ type: 'ticket:changed', ticketId, change: 'created' }).as('event')]).execute();
          return { id: ticketId, reference };
        } catch (err) {
          // A reference collision (one in 10^11) gets a new reference; anything else is real.
          if (isUniqueViolation(err) && attempt < 3) continue;
          throw err;
        }
      }
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


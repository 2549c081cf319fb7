import type { Channel, EmailMeta, FieldError, IncidentDetails, NewTicket, Trust } from '@centrala/contracts';
import { extractIncidentDetails, FUTURE_TOLERANCE_MS, isValidZone, missingDetails, parseZonedTime } from '@centrala/incident';
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Recipients } from '../../events/index.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { accountNameSql, accountServicesSql, type KnownService } from '../accounts/index.js';
import { userNameSql } from '../auth/index.js';
import type { Keyed } from '../idempotency/index.js';
import { batched } from '../../db/batched.js';
import { firstResponsePromise, nextClock, type SlaPolicies } from '../sla/index.js';
import type { ThreadKeys } from '../email/index.js';
import {
  departmentActiveSql,
  isInboundSeen,
  type Opened,
  type TicketCommands,
  type TicketOpener,
  type TicketQueries,
  type UploadedFile,
} from '../tickets/index.js';
import { recipientsSql } from '../notifications/index.js';
import type { EmailThreads } from './email-threads.js';
import { storedInput } from './stored-input.js';

/** Who wrote in, as far as the channel can tell (DESIGN.md "One pipeline", step 2). */
export type Requester =
  /** Logged in to the client area: their account is certain (trust `session`, R9). */
  | { kind: 'user'; userId: string; accountId: string }
  /** Known only by an email address, which may belong to no account yet (R11, R12); linked by an agent later. */
  | { kind: 'contact'; email: string; accountId: string | null; userId: string | null }
  /**
   * Named by another system holding an API token, on the account's behalf (trust `api`): the account is certain, the
   * requester a contact of it when the system named one.
   */
  | { kind: 'account'; accountId: string; userId: string | null }
  /** A chat visitor who gave no address. */
  | { kind: 'visitor' };

/** What the requester stated beside the text: the client-area form asks for all of it; other channels fill what they can. */
export type Stated = Pick<NewTicket, 'departmentId' | 'priority' | 'serviceId' | 'incident'>;

/** One inbound contact, whatever its channel: channels differ only in how they fill it. */
export interface Submission {
  channel: Channel;
  /** How the author was identified (docs/architecture.md "Trust"); the client area gives `session` (R9). */
  trust: Trust;
  requester: Requester;
  /**
   * The raw input as it arrived, stored (table `inbound`) by the statement that writes its ticket, so the sender is
   * answered only once both are durable. `sourceId` is unique per channel (an email's Message-ID, a form's id): the
   * same input processed twice yields its first ticket.
   */
  inbound: { sourceId: string; payload: unknown; storedId?: string };
  subject: string;
  body: string;
  files: UploadedFile[];
  stated: Stated;
  /** Its Idempotency-Key: recorded by the statement that writes the ticket, with the detail the answer is made from. */
  keyed?: Keyed | null;
  /** An email's EmailMeta (ticket_messages.email, staff only) and the addresses it copied, kept for the answers. */
  email?: EmailMeta;
  /** When the raw input was received and stored (an email's 250): the ticket's time and its SLA clock's start. Default: now. */
  receivedAt?: Date;
  cc?: string[] | null;
  /** An abuse report (mail to an abuse address, an ARF report): the ticket is marked for agents (issue 12 point 1). */
  abuse?: boolean;
  /** What may tie an email to the ticket it continues (parse/'s threadKeys) and who sent it, lower-case. */
  thread?: { keys: ThreadKeys; from: string | null };
  /** False for mail no automatic reply may answer (auto-replies, bounces, lists: the email channel's `acknowledges`). */
  acknowledge?: boolean;
  /**
   * Asked only when the input opens a new ticket that would be acknowledged, just before it is written: whether the
   * acknowledgement may go (the email channel's per-sender cap, which counts it). A reply to a ticket gets no
   * acknowledgement, so it uses none of the cap.
   */
  mayAcknowledge?: () => Promise<boolean>;
  /**
   * Written by a machine (auto-reply, out-of-office, list, bulk: autoKind other than human). Continuing a ticket, it is
   * kept as a message but does not reopen it or count as the customer answering (issue 12 point 5).
   */
  automatic?: boolean;
  /** The agent who took it by phone (issue 13 point 5): a customer's request, opened in the console. */
  takenBy?: { agentId: string; agentName: string };
  /** Sent by another system with this API token (the API channel): its first message and history name the token. */
  via?: { tokenId: string; label: string };
}

interface Known {
  services: KnownService[];
  department_active: boolean | null;
  recipients: Recipients;
  account_name: string | null;
  requester_name: string | null;
}

/** The columns a requester fills: an account and a user when known, the address an accountless one is answered at. */
function requesterColumns(r: Requester): { accountId: string | null; userId: string | null; email: string | null } {
  switch (r.kind) {
    case 'user':
    case 'account':
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
async function threadOf(s: Submission, threads: EmailThreads | undefined): Promise<{ kind: 'new' } | { kind: 'reply'; ticketId: string }> {
  switch (s.channel) {
    case 'email': {
      const ticketId = s.thread && threads ? await threads.ticketOf(s.thread.keys, s.thread.from) : null;
      return ticketId ? { kind: 'reply', ticketId } : { kind: 'new' };
    }
    case 'ticket':
    case 'api':
    case 'chat':
      return { kind: 'new' };
  }
}

/** A ticket as intake wrote it, with its detail as the customer sees it. */
export type Created = Opened;

/** Submissions identified by one query at most: as many as the tickets module writes in one statement. */
const IDENTIFY_BATCH = 64;

/**
 * The one pipeline every inbound contact goes through (docs/architecture.md): intake,
 * identify and verify, extract, route, clock, notify. Channels differ only in
 * how they fill a Submission.
 */
export function intakePipeline(deps: {
  db: Db;
  policies: SlaPolicies;
  /**
   * The tickets module's parts intake hands its decisions to, built once by the composition root: the batched opening
   * statement, the command a reply becomes, the read a repeated input is answered from.
   */
  tickets: { opener: TicketOpener; commands: Pick<TicketCommands, 'customerMessage'>; queries: Pick<TicketQueries, 'storedDetail'> };
  /** The email channel's thread finder (`email-threads.ts`): which ticket a mail continues. */
  emailThreads?: EmailThreads;
}) {
  const { db, policies } = deps;
  // 4. Route, 5. clock, 6. notify are decided here and written by the tickets module, in one statement.
  const { opener, commands, queries: tickets } = deps.tickets;

  // 2. Identify and verify needs the account's services, whether the department is open,
  // and who hears about the ticket: one round trip, shared by submissions arriving together.
  // Each module that owns a table read here gives the SQL that reads it.
  const identify = batched(
    async (asks: { accountId: string | null; departmentId: string; requesterId: string | null; email: string | null }[]) => {
      const { rows } = await sql<Known>`
        select
          ${accountServicesSql(sql.ref('k.account_id'))} as services,
          ${departmentActiveSql(sql.ref('k.department_id'))} as department_active,
          ${recipientsSql(sql.ref('k.account_id'), sql.ref('k.requester_id'), sql.ref('k.email'))} as recipients,
          ${accountNameSql(sql.ref('k.account_id'))} as account_name,
          ${userNameSql(sql.ref('k.requester_id'))} as requester_name
        from unnest(${asks.map((a) => a.accountId)}::uuid[], ${asks.map((a) => a.departmentId)}::uuid[], ${asks.map((a) => a.requesterId)}::uuid[],
                    ${asks.map((a) => a.email)}::text[])
          with ordinality as k(account_id, department_id, requester_id, email, n)
        order by k.n`.execute(db);
      return rows;
    },
    { maxBatch: IDENTIFY_BATCH, maxInFlight: 4 },
  );

  return {
    /**
     * Takes one inbound contact through the pipeline. An input whose (channel, source id) was processed before
     * answers with the ticket it made then, as it stands now.
     */
    async submit(s: Submission): Promise<Created> {
      try {
        const thread = await threadOf(s, deps.emailThreads);
        switch (thread.kind) {
          case 'new':
            return await open(s);
          case 'reply':
            return await continueTicket(s, thread.ticketId);
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

  /** A reply by a channel to the ticket it continues: a customer message on it (tickets' command), once. */
  async function continueTicket(s: Submission, ticketId: string): Promise<Created> {
    const who = requesterColumns(s.requester);
    await commands.customerMessage({
      ticketId,
      authorId: who.userId,
      authorAccountId: who.accountId,
      trust: s.trust,
      body: s.body,
      files: s.files,
      email: s.email,
      ...(s.inbound.storedId ? { source: storedInput(s.inbound.storedId) } : {}),
      cc: s.cc ?? [],
      automatic: s.automatic ?? false,
    });
    const detail = await tickets.storedDetail(ticketId, 'customer');
    if (!detail) throw new Error(`ticket ${ticketId} vanished`);
    return { id: detail.id, reference: detail.reference, detail };
  }

  async function open(s: Submission): Promise<Created> {
    const t = s.stated;
    const now = s.receivedAt ?? new Date();
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
        problems[0]!.path === 'serviceId' ? 'service.unknown' : 'request.invalid',
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

    const policy = await policies.for(s.channel, t.priority);
    const service = chosen ?? (found.services.length === 1 ? services.find((x) => x.id === found.services[0]!.id) : undefined);
    const clock = nextClock({ createdAt: now, firstResponseAt: null, dueAt: null, pausedRemainingMs: null }, 'opened', policy, now);
    // No acknowledgement to a machine (an auto-reply answered by one loops), nor past the sender's cap (a flood).
    const acknowledge =
      s.acknowledge !== false && known.recipients.addresses.length > 0 && (s.mayAcknowledge ? await s.mayAcknowledge() : true);
    return opener.open({
      channel: s.channel,
      trust: s.trust,
      accountId: who.accountId,
      requesterId: who.userId,
      requesterEmail: who.email,
      departmentId: t.departmentId,
      priority: t.priority,
      subject: s.subject,
      body: s.body,
      alsoSearchable: t.incident.diagnostics,
      serviceId: service?.id ?? null,
      incident,
      files: s.files,
      at: now,
      clock,
      recipients: acknowledge ? known.recipients : { ...known.recipients, addresses: [] },
      promise: firstResponsePromise(policy, now, clock.dueAt ?? undefined),
      names: { account: known.account_name, requester: known.requester_name, service: service?.name ?? null },
      inbound: s.inbound,
      keyed: s.keyed ?? null,
      email: s.email,
      cc: s.cc ?? null,
      abuse: s.abuse ?? false,
      takenBy: s.takenBy,
      via: s.via ?? null,
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

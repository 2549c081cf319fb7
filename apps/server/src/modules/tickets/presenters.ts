import {
  EmailMeta,
  LocalizedText,
  type AttachmentMeta,
  type IncidentDetails,
  type TicketDetail,
  type TicketEvent,
  type TicketMessage,
  type TicketPatch,
  type TicketSummary,
} from '@centrala/contracts';
import { safeFilename } from './attachment-name.js';
import { isInlineImage } from './attachment-store.js';
import type { TicketRow } from './commands.js';
import type { SummaryRow, TicketDetailRow } from './repository.js';

/**
 * Who a ticket is shown to: its customer (the client area, their mails' links), staff (the agent console), or another
 * system holding a `tickets:read` token (the API), which is on the staff side.
 */
export type Viewer = 'customer' | 'staff' | 'api';

/**
 * What a viewer may see of a ticket: the one place that decides it (issue 11
 * point 4). The repository's detail and attachment queries filter by it, so
 * nothing hidden leaves the database; the presenters below shape what is left.
 */
export interface Visibility {
  /** Internal notes, and the files on them, are the agents' own. */
  internalNotes: boolean;
  /** The history events shown: every kind, or these. */
  eventKinds: 'all' | readonly string[];
  /** Who is assigned: the agents' business (each answer still shows its agent's name). */
  assignee: boolean;
  /** Where the viewer fetches a file from. */
  attachmentsAt: string;
  /**
   * A mail's EmailMeta (its addresses, verification, HTML, raw source's id; issue 12): the agents' own. The customer's
   * view shows the message's text; the repository does not even read the column for them.
   */
  emailMeta: boolean;
}

const SEEN: Record<Viewer, Visibility> = {
  staff: { internalNotes: true, eventKinds: 'all', assignee: true, attachmentsAt: '/api/agent/attachments', emailMeta: true },
  // What staff see, notes included (flagged `internal`); files are fetched with the token.
  api: { internalNotes: true, eventKinds: 'all', assignee: true, attachmentsAt: '/api/v1/attachments', emailMeta: true },
  customer: {
    internalNotes: false,
    // Assignments, notes and replies' bookkeeping stay out of the customer's history; what changed for them shows.
    eventKinds: ['created', 'status', 'reopened', 'auto_closed', 'department', 'priority', 'merged', 'merged_in'],
    assignee: false,
    attachmentsAt: '/api/client/attachments',
    emailMeta: false,
  },
};

export const visibleTo = (viewer: Viewer): Visibility => SEEN[viewer];

/** What a customer sees of a ticket's summary (the realtime gateway sends them this too). */
export function customerView<T extends TicketSummary>(ticket: T): T {
  const { abuse: _staffOnly, ...seen } = ticket;
  return (SEEN.customer.assignee ? seen : { ...seen, assigneeId: null, assigneeName: null }) as T;
}

/**
 * Whether an agent's change shows to the customer (their list's order, a live update): a new department, priority or
 * status does; who is assigned is the agents' business, so an assignment alone changes nothing they see.
 */
export function customerSeesPatch(ticket: Pick<TicketRow, 'department_id' | 'priority' | 'status' | 'assignee_id'>, patch: TicketPatch) {
  const changes = <T>(to: T | undefined, from: T) => to !== undefined && to !== from;
  return (
    changes(patch.departmentId, ticket.department_id) ||
    changes(patch.priority, ticket.priority) ||
    changes(patch.status, ticket.status) ||
    (SEEN.customer.assignee && changes(patch.assigneeId, ticket.assignee_id))
  );
}

/** A summary as `viewer` sees it. */
export const summaryFor = (viewer: Viewer, summary: TicketSummary): TicketSummary =>
  viewer === 'customer' ? customerView(summary) : summary;

export function presentSummary(r: SummaryRow, viewer: Viewer): TicketSummary {
  return summaryFor(viewer, {
    id: r.id,
    reference: r.reference,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    trust: r.trust,
    departmentId: r.department_id,
    accountId: r.account_id,
    accountName: r.account_name,
    serviceName: r.service_name,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    createdAt: isoOfKey(r.created_key),
    updatedAt: isoOfKey(r.updated_key),
    firstResponseAt: r.first_response_at,
    dueAt: r.due_at,
    slaState: r.sla_state,
    // Staff only: a customer's view leaves it out (customerView).
    ...(r.abuse ? { abuse: true } : {}),
  });
}

/** A ticket's detail as `viewer` sees it; the row was read for them (repository's detail with visibleTo(viewer)). */
export function presentDetail(row: TicketDetailRow, viewer: Viewer): TicketDetail {
  const seen = visibleTo(viewer);
  const base = seen.attachmentsAt;
  return {
    ...presentSummary(row, viewer),
    incident: { ...EMPTY_INCIDENT, ...(row.incident as Partial<IncidentDetails>) },
    promisedFirstResponse: promiseOf(row.events),
    mergedInto: row.merged_into,
    messages: row.messages.map((m): TicketMessage => ({
      id: m.id,
      authorType: m.author_type,
      authorName: m.author_name ?? (m.author_type === 'system' ? 'Centrala' : '—'),
      body: m.body,
      internal: m.internal,
      trust: m.trust,
      createdAt: iso(m.created_at),
      attachments: m.files.map((f): AttachmentMeta => ({
        id: f.id,
        // Stored names were cleaned on the way in; cleaning again covers names stored before a rule existed.
        filename: safeFilename(f.filename),
        contentType: f.content_type,
        sizeBytes: f.size_bytes,
        url: `${base}/${f.id}`,
        isImage: isInlineImage(f.content_type),
      })),
      ...(seen.emailMeta ? { email: emailMetaOf((m as { email?: unknown }).email) } : {}),
    })),
    events: row.events.map((e): TicketEvent => ({
      id: Number(e.id),
      kind: e.kind,
      actorName: e.actor_name,
      data: (e.data ?? {}) as Record<string, unknown>,
      createdAt: iso(e.created_at),
    })),
  };
}

/** An address of the requester's that bounces hard, and since when (the email module's `bouncingAddresses`). */
export interface Bouncing {
  address: string;
  since: string;
}

/** A stored EmailMeta, or null for a message that did not come by mail (or one whose stored meta no longer parses). */
function emailMetaOf(stored: unknown): EmailMeta | null {
  if (stored === null || stored === undefined) return null;
  const parsed = EmailMeta.safeParse(typeof stored === 'string' ? safeJson(stored) : stored);
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The API's text of a time (Date#toISOString's, to the millisecond) from its key text: formatted once per row, not twice. */
const isoOfKey = (key: string) => `${key.slice(0, 23)}Z`;

/** A ticket's incident details when nothing was reported or extracted. */
export const EMPTY_INCIDENT: IncidentDetails = {
  ipAddresses: [],
  orderNumbers: [],
  serviceName: null,
  startedAt: null,
  hasDiagnostics: false,
  diagnostics: null,
  missing: [],
};

/** What intake recorded in the created event as promised (issue 10 point 1). */
function promiseOf(events: TicketDetailRow['events']): LocalizedText | null {
  const recorded = LocalizedText.safeParse((events.find((e) => e.kind === 'created')?.data as { promise?: unknown } | null)?.promise);
  return recorded.success ? recorded.data : null;
}

import { z } from 'zod';
import { LocalizedText } from './errors.js';
import { EmailMeta } from './email.js';
import { Email } from './auth.js';

export const TicketPriority = z.enum(['regular', 'high']);
export type TicketPriority = z.infer<typeof TicketPriority>;

export const TicketStatus = z.enum(['open', 'awaiting_agent', 'awaiting_customer', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Channel = z.enum(['ticket', 'email', 'chat', 'api']);
export type Channel = z.infer<typeof Channel>;

/** How the author of a ticket or message was identified (docs/architecture.md "Trust"). */
export const Trust = z.enum(['session', 'email_authenticated', 'email_claimed', 'anonymous', 'staff', 'api']);
export type Trust = z.infer<typeof Trust>;

export const SlaState = z.enum(['ok', 'warning', 'breached']);
export type SlaState = z.infer<typeof SlaState>;

export const MissingDetail = z.enum(['ip_or_order', 'service', 'start_time', 'diagnostics']);
export type MissingDetail = z.infer<typeof MissingDetail>;

/** R5: the incident details of a ticket, as stated and as extracted from its text. */
export const IncidentDetails = z.object({
  ipAddresses: z.array(z.string()),
  orderNumbers: z.array(z.string()),
  /** The service as shown in the client area: the one chosen, else every one the text names, comma-separated. */
  serviceName: z.string().nullable(),
  startedAt: z.object({ utc: z.string(), zone: z.string(), zoneStated: z.boolean() }).nullable(),
  hasDiagnostics: z.boolean(),
  diagnostics: z.string().nullable(),
  missing: z.array(MissingDetail),
});
export type IncidentDetails = z.infer<typeof IncidentDetails>;

const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

/**
 * The JSON part (`payload`) of the multipart new-ticket form; the files go in
 * parts named `attachments`.
 */
export const NewTicket = z.object({
  departmentId: z.uuid(),
  priority: TicketPriority,
  subject: z.string().trim().min(3).max(200),
  description: z.string().trim().min(10).max(20_000),
  serviceId: z.uuid().nullable().default(null),
  /** R5 fields, asked for High priority; the free text may carry them too. */
  incident: z
    .object({
      ipOrOrder: z.string().trim().max(200).default(''),
      /** Wall time where the customer is; needs `startedAtZone`. */
      startedAtLocal: LocalDateTime.nullable().default(null),
      startedAtZone: z.string().max(64).nullable().default(null),
      diagnostics: z.string().max(100_000).default(''),
    })
    .default({ ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' }),
});
export type NewTicket = z.infer<typeof NewTicket>;

export const NewReply = z.object({
  body: z.string().trim().min(1).max(20_000),
});

export const AgentReply = NewReply.extend({
  /** An internal note: agents only, never shown or sent to the customer. */
  internal: z.boolean().default(false),
  /** Status after this reply; default awaiting_customer for replies, unchanged for notes. */
  status: TicketStatus.optional(),
  /**
   * The last message on the agent's screen when they wrote this (issue 10 point 4). A reply is refused with
   * 409 `ticket.reply_collision` when another agent's reply reached the customer after it; notes never are.
   * Left out, nothing is checked (API clients that do not track what was read).
   */
  seenMessageId: z.uuid().optional(),
});

/** How an agent's new ticket came about: they write to the customer (`email`), or the customer called (`phone`). */
export const AgentTicketVia = z.enum(['email', 'phone']);
export type AgentTicketVia = z.infer<typeof AgentTicketVia>;

/**
 * The JSON part (`payload`) of the form an agent starts a ticket with, files in parts named `attachments`.
 *
 * `via: 'email'` (issue 12 point 6): the agent writes to a customer's account (`accountId`: mailed to its Support
 * addresses, R14, or its registered email) or to a typed address no account is known for (`email`, R11); exactly one
 * of the two. `via: 'phone'` (issue 13 point 5): a customer called; the ticket is theirs (`accountId`, the person who
 * called `contactId`, the account's registered person when left out, and the service it is about), `body` is what
 * they said, and they are acknowledged as for a ticket filed in the client area.
 */
export const NewAgentTicket = z
  .object({
    via: AgentTicketVia.default('email'),
    accountId: z.uuid().nullable().default(null),
    email: Email.nullable().default(null),
    contactId: z.uuid().nullable().default(null),
    serviceId: z.uuid().nullable().default(null),
    departmentId: z.uuid(),
    priority: TicketPriority,
    subject: z.string().trim().min(3).max(200),
    body: z.string().trim().min(1).max(20_000),
  })
  .superRefine((v, ctx) => {
    // `params` carries the code and both languages' message: the server's field errors use them (validation-messages.ts).
    if (v.via === 'phone' && v.accountId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['accountId'],
        message: 'Choose the customer who called.',
        params: { code: 'required', en: 'Choose the customer who called.', hr: 'Odaberite klijenta koji je nazvao.' },
      });
    else if (v.accountId === null && (v.contactId !== null || v.serviceId !== null))
      ctx.addIssue({
        code: 'custom',
        path: [v.contactId !== null ? 'contactId' : 'serviceId'],
        message: 'A contact or a service belongs to an account: choose the account.',
        params: {
          code: 'conflict',
          en: 'A contact or a service belongs to an account: choose the account.',
          hr: 'Kontakt i usluga pripadaju računu: odaberite račun.',
        },
      });
    else if (v.accountId === null && v.email === null)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Choose a customer or type an email address.',
        params: {
          code: 'required',
          en: 'Choose a customer or type an email address.',
          hr: 'Odaberite klijenta ili upišite adresu e-pošte.',
        },
      });
    else if (v.accountId !== null && v.email !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Write either to an account or to an address, not both.',
        params: {
          code: 'conflict',
          en: 'Write either to an account or to an address, not both.',
          hr: 'Pišite ili računu ili adresi, ne oboje.',
        },
      });
  });
export type NewAgentTicket = z.infer<typeof NewAgentTicket>;

/** The answer to a ticket an agent started: where it is. */
export const StartedTicket = z.object({ id: z.uuid(), reference: z.string() });
export type StartedTicket = z.infer<typeof StartedTicket>;

export const TicketPatch = z.object({
  departmentId: z.uuid().optional(),
  priority: TicketPriority.optional(),
  status: TicketStatus.optional(),
  assigneeId: z.uuid().nullable().optional(),
});
export type TicketPatch = z.infer<typeof TicketPatch>;

/** Links a ticket no account was known for (an unknown email sender, a chat visitor) to the account it turned out to be. */
export const TicketAccountLink = z.object({ accountId: z.uuid() });
export type TicketAccountLink = z.infer<typeof TicketAccountLink>;

export const AttachmentMeta = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** Downloads always come as `Content-Disposition: attachment`. */
  url: z.string(),
  isImage: z.boolean(),
});
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

export const TicketMessage = z.object({
  id: z.uuid(),
  authorType: z.enum(['customer', 'agent', 'system']),
  authorName: z.string(),
  body: z.string(),
  internal: z.boolean(),
  trust: Trust,
  createdAt: z.string(),
  attachments: z.array(AttachmentMeta),
  /** What a message that came by email carries beside its text (issue 12): staff only, never in a customer's view. */
  email: EmailMeta.nullable().optional(),
});
export type TicketMessage = z.infer<typeof TicketMessage>;

/**
 * The 409 answer to a reply written over another agent's (issue 10 point 4): the error as always, and the
 * messages written after the one the agent had seen, so they can read them before sending anyway.
 */
export const ReplyCollision = z.object({
  error: z.object({
    code: z.literal('ticket.reply_collision'),
    message: LocalizedText,
    missed: z.array(TicketMessage),
  }),
});
export type ReplyCollision = z.infer<typeof ReplyCollision>;

export const TicketEvent = z.object({
  id: z.number().int(),
  kind: z.string(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type TicketEvent = z.infer<typeof TicketEvent>;

export const TicketSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  subject: z.string(),
  status: TicketStatus,
  priority: TicketPriority,
  channel: Channel,
  trust: Trust,
  departmentId: z.uuid(),
  /** Null for a ticket no account is linked to yet (an unknown email sender, a chat visitor); only agents see such a ticket. */
  accountId: z.uuid().nullable(),
  accountName: z.string().nullable(),
  /** The service as shown in the client area: the one chosen, else every one the text names, comma-separated. */
  serviceName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseAt: z.string().nullable(),
  /** When the next agent answer is due; null while the clock is paused or stopped. */
  dueAt: z.string().nullable(),
  slaState: SlaState,
  /**
   * Staff only (issue 12 point 1): opened by mail to an abuse address or by an ARF report, shown to agents as an abuse
   * report until the notifications issue routes them. Absent when not one.
   */
  abuse: z.literal(true).optional(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketDetail = TicketSummary.extend({
  incident: IncidentDetails,
  /**
   * The first answer promised when the ticket was filed, as the acknowledgement mail put it ("within 10 minutes of
   * our opening on Monday at 08:00"); null for tickets filed before promises were recorded.
   */
  promisedFirstResponse: LocalizedText.nullable(),
  messages: z.array(TicketMessage),
  /** R8: who changed what, when. */
  events: z.array(TicketEvent),
  /**
   * Staff only (issue 12 point 5): the requester's addresses (the ticket's email requester, the From of its mails)
   * that bounce hard, so an agent knows an answer by mail will not arrive.
   */
  bouncing: z.array(z.object({ address: z.string(), since: z.string() })).optional(),
  /**
   * The reference of the ticket this duplicate was merged into (issue 13 point 5): its conversation is there now, and
   * its pages point there. Null for a ticket not merged.
   */
  mergedInto: z.string().nullable(),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

/**
 * An agent merges a duplicate into another ticket of the same customer (issue 13 point 5), naming the target by its
 * reference: the duplicate's messages and files move there with their times and authors, the duplicate is closed and
 * points there, and the customer is told once.
 */
export const TicketMerge = z.object({ into: z.string().trim().min(1).max(20) });
export type TicketMerge = z.infer<typeof TicketMerge>;

/** The page of a customer's other tickets beside a ticket (issue 13 point 5), most recently changed first. */
export const OtherTicketsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type OtherTicketsQuery = z.infer<typeof OtherTicketsQuery>;

export const TicketList = z.object({ tickets: z.array(TicketSummary), nextCursor: z.string().nullable() });
export type TicketList = z.infer<typeof TicketList>;

export const QueueFilter = z.object({
  department: z.uuid().optional(),
  priority: TicketPriority.optional(),
  /** Default: the active statuses (open, awaiting agent, awaiting customer); with `q`, every status, active ones first. */
  status: TicketStatus.optional(),
  /** A staff user id, or `me`, or `none` for unassigned: anything else is a field error, not a failed query. */
  assignee: z.union([z.enum(['me', 'none']), z.uuid()]).optional(),
  sla: SlaState.optional(),
  /** Reference, customer, IP, order number or words of subjects and messages. */
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type QueueFilter = z.infer<typeof QueueFilter>;

/** What the console's title counts, whatever the queue's filter: High tickets waiting for an agent. */
export const QueueSummary = z.object({ highWaiting: z.number().int().nonnegative() });
export type QueueSummary = z.infer<typeof QueueSummary>;

export const StaffOption = z.object({ id: z.uuid(), name: z.string(), role: z.enum(['agent', 'admin']) });

/** Socket.IO events (server -> client). */
export interface ServerEvents {
  'ticket:changed': (ticket: TicketSummary & { change: 'created' | 'updated' | 'message' }) => void;
  'sla:alert': (alert: {
    ticketId: string;
    reference: string;
    level: 'warning' | 'breached';
    priority: TicketPriority;
    subject: string;
    /** When the answer is (or was) due, for the alert's countdown; null once the clock stopped. */
    dueAt: string | null;
  }) => void;
  'ticket:presence': (presence: { ticketId: string; viewers: { userId: string; name: string; typing: boolean }[] }) => void;
  /** The server stopped hearing events for a while (its database connection was lost): read again what is shown. */
  'live:resync': () => void;
}
/** Socket.IO events (client -> server). */
export interface ClientEvents {
  'ticket:watch': (ticketId: string) => void;
  'ticket:unwatch': (ticketId: string) => void;
  'ticket:typing': (payload: { ticketId: string; typing: boolean }) => void;
}

/** SLA figures per channel and department for a window (R7, R16). */
export const SlaFigure = z.object({
  channel: Channel,
  departmentId: z.uuid().nullable(),
  tickets: z.number().int(),
  answered: z.number().int(),
  medianFirstResponseSeconds: z.number().nullable(),
  p95FirstResponseSeconds: z.number().nullable(),
  breachRate: z.number().nullable(),
});
export type SlaFigure = z.infer<typeof SlaFigure>;

export const SlaFigures = z.object({
  last24h: z.array(SlaFigure),
  last7d: z.array(SlaFigure),
  /** First-response medians per hour over the last 24 h, for the chart. */
  hourly: z.array(
    z.object({ hour: z.string(), channel: Channel, medianFirstResponseSeconds: z.number().nullable(), tickets: z.number().int() }),
  ),
});
export type SlaFigures = z.infer<typeof SlaFigures>;

/** A wall-clock time of day, "HH:mm"; "24:00" closes at midnight. */
export const WallTime = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/);
/** One day's open window: [opens, closes]. */
export const OpenWindow = z.tuple([WallTime, WallTime]);
export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/**
 * An SLA policy's business hours (R7): per ISO weekday (1 = Monday … 7 =
 * Sunday) the open window as wall-clock times in `zone` (IANA); a day left out
 * is closed. A policy without them runs 24/7, the default.
 */
export const BusinessHours = z.object({
  zone: z.string().min(1).max(64),
  days: z
    .object(Object.fromEntries(WEEKDAYS.map((d) => [d, OpenWindow.optional()])) as Record<Weekday, z.ZodOptional<typeof OpenWindow>>)
    .strict(),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

/** The longest SLA target: a year. Beyond it a target means nothing (and the database column ends at 68 years). */
export const SLA_TARGET_MAX_SECONDS = 365 * 24 * 3600;
const SlaTarget = z.number().int().positive().max(SLA_TARGET_MAX_SECONDS);

export const SlaPolicy = z.object({
  id: z.uuid(),
  channel: Channel,
  priority: TicketPriority,
  firstResponseSeconds: z.number().int().positive(),
  nextResponseSeconds: z.number().int().positive().nullable(),
  /** Null: the clock runs 24/7. */
  businessHours: BusinessHours.nullable(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;
// The limit is on what an admin sends, not on what is read: a stored value is shown even if a later rule would refuse it.
export const SlaPolicyPatch = z
  .object({
    firstResponseSeconds: SlaTarget,
    nextResponseSeconds: SlaTarget.nullable(),
    businessHours: SlaPolicy.shape.businessHours,
  })
  .partial();
export type SlaPolicyPatch = z.infer<typeof SlaPolicyPatch>;

/**
 * The channels customers can reach support through today: the client-area ticket and email (issue 12). Chat is not
 * built yet, so nothing promises, charts or lists it until it is (issue 10 point 1). The contact page lists email only
 * where the provider has a support address for it.
 */
export const CHANNELS_IN_SERVICE = ['ticket', 'email'] as const satisfies readonly Channel[];

/**
 * The channels whose tickets run an SLA clock, so whose targets admins see and change: those in service, and the API
 * (issue 13 point 5), through which other systems open tickets on a customer's behalf. The API is no way for customers
 * to reach support, so the contact page does not list it.
 */
export const CHANNELS_WITH_TARGETS = [...CHANNELS_IN_SERVICE, 'api'] as const satisfies readonly Channel[];

/** R16: the public contact page: each channel in service, its promise as of now, and what was measured. */
export const ContactMethod = z.object({
  channel: z.enum(CHANNELS_IN_SERVICE),
  /** Where to write, for email: the provider's support addresses (R11); empty for the client-area ticket. */
  addresses: z.array(z.string()),
  /** The first answer promised to someone writing now, per priority (the sla module's statement, as the acknowledgement says it). */
  promises: z.array(z.object({ priority: TicketPriority, promise: LocalizedText })),
  /** Median measured first response over the last 7 days; null without data. */
  measuredMedianSeconds: z.number().nullable(),
  sampleSize: z.number().int(),
});
export type ContactMethod = z.infer<typeof ContactMethod>;
export const ContactPage = z.object({ methods: z.array(ContactMethod) });
export type ContactPage = z.infer<typeof ContactPage>;

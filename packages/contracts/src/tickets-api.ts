import { z } from 'zod';
import { LocalizedText } from './errors.js';
import { Channel, NewTicket, TicketPriority, TicketStatus } from './tickets.js';

/**
 * The tickets API for other systems holding a token (issue 13 point 5; docs/api.md). Things are named the way the
 * caller knows them: an account by our id or the billing system's `externalId`, a contact by id, external id or email,
 * a service by id, external id or order number, a department by slug or id, an assignee by id or email.
 */

const ExternalId = z.string().trim().min(1).max(100);
/**
 * An address as typed: matched without regard to case by the server. Not contracts' `Email`, whose lower-casing is a
 * transform, and zod leaves the examples out of the OpenAPI document of a schema holding one.
 */
const Address = z.email().max(254);
/** A department's slug (`technical`) or id. */
const DepartmentRef = z.string().trim().min(1).max(100);

/** Exactly one (or, with `required: false`, at most one) of `keys` set: field errors in both languages otherwise. */
function oneOf<T extends Record<string, unknown>>(keys: (keyof T & string)[], required: boolean) {
  return (v: T, ctx: z.RefinementCtx) => {
    const given = keys.filter((k) => v[k] !== undefined);
    const names = keys.join(', ');
    if (given.length > 1)
      ctx.addIssue({
        code: 'custom',
        path: [given[1]!],
        message: `Give only one of ${names}.`,
        params: { code: 'conflict', en: `Give only one of ${names}.`, hr: `Navedite samo jedno od: ${names}.` },
      });
    else if (required && given.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: [keys[0]!],
        message: `Give one of ${names}.`,
        params: { code: 'required', en: `Give one of ${names}.`, hr: `Navedite jedno od: ${names}.` },
      });
  };
}

/** A file sent inside the JSON body. */
export const ApiFile = z.object({
  filename: z.string().trim().min(1).max(255),
  /** The file's bytes, base64 (standard alphabet, padding optional). */
  contentBase64: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Not base64.'),
});
export type ApiFile = z.infer<typeof ApiFile>;

const Files = z.array(ApiFile).default([]);

const MONITORING_ALERT = {
  accountExternalId: 'whmcs-client-1187',
  serviceOrderNumber: '123456',
  department: 'technical',
  priority: 'high',
  subject: 'web01.example.hr: HTTP check CRITICAL',
  body:
    'Zabbix: HTTP check on 203.0.113.10 failed 3 times since 2026-12-06 14:02 Europe/Zagreb.\n' +
    'curl: (28) Connection timed out after 10001 milliseconds',
};

/** `POST /api/v1/tickets`: a ticket opened on a customer's behalf (monitoring, billing, a script). */
export const ApiNewTicket = z
  .object({
    accountId: z.uuid().optional(),
    accountExternalId: ExternalId.optional(),
    /** The requester: a contact of that account. Left out, the ticket is the account's, with no named requester. */
    contactId: z.uuid().optional(),
    contactExternalId: ExternalId.optional(),
    contactEmail: Address.optional(),
    /** A service of that account only. */
    serviceId: z.uuid().optional(),
    serviceExternalId: ExternalId.optional(),
    /** Six digits, with or without its `#`. */
    serviceOrderNumber: z
      .string()
      .trim()
      .regex(/^#?\d{6}$/)
      .optional(),
    department: DepartmentRef.default('technical'),
    priority: TicketPriority.default('regular'),
    subject: z.string().trim().min(3).max(200),
    body: z.string().trim().min(1).max(20_000),
    /** R5 details, as the client-area form takes them; the body's text is searched for them too. */
    incident: NewTicket.shape.incident,
    files: Files,
    /** The customer's acknowledgement mail (with the api channel's promise); false for a ticket the customer should not hear of yet. */
    acknowledge: z.boolean().default(true),
  })
  .meta({ examples: [MONITORING_ALERT] })
  .superRefine(oneOf(['accountId', 'accountExternalId'], true))
  .superRefine(oneOf(['contactId', 'contactExternalId', 'contactEmail'], false))
  .superRefine(oneOf(['serviceId', 'serviceExternalId', 'serviceOrderNumber'], false));
export type ApiNewTicket = z.infer<typeof ApiNewTicket>;

/** The answer to a created ticket: what the write made (reading it in full takes `tickets:read`). */
export const ApiTicketCreated = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: TicketStatus,
  priority: TicketPriority,
  channel: Channel,
  departmentId: z.uuid(),
  accountId: z.uuid(),
  serviceName: z.string().nullable(),
  createdAt: z.string(),
  /** What the acknowledgement promised the customer (the api channel's SLA policy at that moment). */
  promisedFirstResponse: LocalizedText.nullable(),
});
export type ApiTicketCreated = z.infer<typeof ApiTicketCreated>;

/** `GET /api/v1/tickets`: every filter optional; the most recently updated first, cursor-paged. */
export const ApiTicketFilter = z
  .object({
    status: TicketStatus.optional(),
    priority: TicketPriority.optional(),
    department: DepartmentRef.optional(),
    accountId: z.uuid().optional(),
    accountExternalId: ExternalId.optional(),
    /** A staff user's id, or `none` for unassigned. */
    assignee: z.union([z.literal('none'), z.uuid()]).optional(),
    channel: Channel.optional(),
    /** Only tickets whose `updatedAt` is at or after this instant (ISO 8601 with offset). */
    updatedSince: z.iso.datetime({ offset: true }).optional(),
    /** Reference, customer, IP, order number or words, as the agents' search. */
    q: z.string().trim().min(1).max(200).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .superRefine(oneOf(['accountId', 'accountExternalId'], false));
export type ApiTicketFilter = z.infer<typeof ApiTicketFilter>;

/** `POST /api/v1/tickets/{reference}/replies`: a public reply, mailed to the customer as an agent's is. */
export const ApiReply = z
  .object({
    body: z.string().trim().min(1).max(20_000),
    /** Status after the reply; default awaiting_customer, as an agent's. */
    status: TicketStatus.optional(),
    files: Files,
  })
  .meta({ examples: [{ body: 'The host is back up since 14:20; we keep watching it.', status: 'resolved' }] });
export type ApiReply = z.infer<typeof ApiReply>;

/** `POST /api/v1/tickets/{reference}/notes`: an internal note, for agents only, never mailed or shown to the customer. */
export const ApiNote = z
  .object({ body: z.string().trim().min(1).max(20_000), files: Files })
  .meta({ examples: [{ body: 'Zabbix: the check recovered at 14:20; 3 failures in a row before it.' }] });
export type ApiNote = z.infer<typeof ApiNote>;

/** The answer to a reply or note: the message written. */
export const ApiMessageWritten = z.object({ id: z.uuid(), ticketReference: z.string(), internal: z.boolean() });
export type ApiMessageWritten = z.infer<typeof ApiMessageWritten>;

/** `PATCH /api/v1/tickets/{reference}`: what to change, at least one. */
export const ApiTicketPatch = z
  .object({
    status: TicketStatus.optional(),
    priority: TicketPriority.optional(),
    department: DepartmentRef.optional(),
    /** An active staff user's id or email; null unassigns. */
    assignee: z.union([z.uuid(), Address]).nullable().optional(),
  })
  .meta({ examples: [{ status: 'awaiting_agent', priority: 'high', assignee: 'ana@centrala.test' }] })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'Give at least one of status, priority, department, assignee.',
    params: {
      code: 'required',
      en: 'Give at least one of status, priority, department, assignee.',
      hr: 'Navedite barem jedno od: status, priority, department, assignee.',
    },
  });
export type ApiTicketPatch = z.infer<typeof ApiTicketPatch>;

/** The answer to a change: the ticket's state after it. */
export const ApiTicketState = z.object({
  reference: z.string(),
  status: TicketStatus,
  priority: TicketPriority,
  departmentId: z.uuid(),
  assigneeId: z.uuid().nullable(),
  updatedAt: z.string(),
});
export type ApiTicketState = z.infer<typeof ApiTicketState>;

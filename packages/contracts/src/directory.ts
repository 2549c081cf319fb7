import { z } from 'zod';
import { Service, ServiceStatus } from './accounts.js';
import { Email, Locale } from './auth.js';
import { LocalizedText } from './errors.js';

/**
 * The directory (issue 13 points 1–3): a provider's accounts, their contacts and services, as staff manage them and
 * a billing system syncs them. Each may carry the billing system's own id (`externalId`), so a sync is an idempotent
 * upsert. Accounts and contacts are disabled, never deleted: no ticket is lost.
 */

/** A refinement's issue says itself in both languages (the server's validation-messages.ts reads `params`). */
const said = (code: string, en: string, hr: string) => ({ message: en, params: { code, en, hr } });

/** The billing system's id of a record (WHMCS client id, Blesta service id…): unique per kind of record. */
export const ExternalId = z.string().trim().min(1).max(100);

/** `#123456` or `123456`: stored as the six digits. */
export const OrderNumber = z
  .string()
  .trim()
  .transform((s) => s.replace(/^#/, ''))
  .refine(
    (s) => /^\d{6}$/.test(s),
    said('order_number', 'Enter the six-digit order number, e.g. #123456.', 'Unesite šesteroznamenkasti broj narudžbe, npr. #123456.'),
  );

const ipAddress = z.union([z.ipv4(), z.ipv6()]);
const ipRange = z.union([z.cidrv4(), z.cidrv6()]);
/** One IPv4 or IPv6 address, or a CIDR range of either (`192.0.2.0/24`, `2001:db8::/32`). */
export const IpAddressOrRange = z
  .string()
  .trim()
  .refine(
    (s) => ipAddress.safeParse(s).success || ipRange.safeParse(s).success,
    said(
      'ip_address',
      'Enter an IPv4 or IPv6 address or a CIDR range, e.g. 192.0.2.10 or 2001:db8::/32.',
      'Unesite IPv4 ili IPv6 adresu ili CIDR raspon, npr. 192.0.2.10 ili 2001:db8::/32.',
    ),
  );

/** What a contact is to its account; the owner, technical and billing contacts' addresses are the registered ones (R12). */
export const ContactRole = z.enum(['owner', 'technical', 'billing']);
export type ContactRole = z.infer<typeof ContactRole>;

const Name = z.string().trim().min(1).max(200);
const Text = z.string().trim().min(1).max(200);

export const AccountInput = z.object({
  externalId: ExternalId.optional(),
  name: Name,
  /** The address registered with the account (R11, R12, R13). */
  email: Email,
  /** Disabled accounts' contacts cannot log in; their tickets stay. */
  disabled: z.boolean().optional(),
});
export type AccountInput = z.infer<typeof AccountInput>;
/** PUT /…/external/{externalId}: the id is the path's. */
export const AccountUpsert = AccountInput.omit({ externalId: true });
export type AccountUpsert = z.infer<typeof AccountUpsert>;
export const AccountPatch = AccountInput.partial();
export type AccountPatch = z.infer<typeof AccountPatch>;

/** A contact or a service belongs to one account, named by our id or by the billing system's. */
const AccountRef = {
  accountId: z.uuid().optional(),
  accountExternalId: ExternalId.optional(),
};
function oneAccountRef(v: { accountId?: string; accountExternalId?: string }, ctx: z.RefinementCtx) {
  if ((v.accountId === undefined) === (v.accountExternalId === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['accountId'],
      ...said(
        'account_ref',
        'Name the account by accountId or by accountExternalId (one of them).',
        'Navedite račun s accountId ili s accountExternalId (jedno od toga).',
      ),
    });
}

/** Each role once. */
const Roles = z
  .array(ContactRole)
  .max(3)
  .transform((roles) => [...new Set(roles)]);

const ContactFields = {
  externalId: ExternalId.optional(),
  name: Name,
  email: Email,
  locale: Locale.default('hr'),
  roles: Roles.default([]),
  /** A contact may be known only (its address trusted, R12) without logging in to the client area. */
  canLogIn: z.boolean().default(true),
  /** A disabled contact cannot log in and its address is no longer trusted; its tickets stay. */
  disabled: z.boolean().optional(),
};
export const ContactInput = z.object({ ...AccountRef, ...ContactFields }).superRefine(oneAccountRef);
export type ContactInput = z.infer<typeof ContactInput>;
export const ContactUpsert = z
  .object({ ...AccountRef, ...ContactFields })
  .omit({ externalId: true })
  .superRefine(oneAccountRef);
export type ContactUpsert = z.infer<typeof ContactUpsert>;
/** A contact stays with its account: a patch changes only the contact itself. */
export const ContactPatch = z.object({
  externalId: ExternalId.optional(),
  name: Name.optional(),
  email: Email.optional(),
  locale: Locale.optional(),
  roles: Roles.optional(),
  canLogIn: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
export type ContactPatch = z.infer<typeof ContactPatch>;

const ServiceFields = {
  externalId: ExternalId.optional(),
  /** The name as shown in the client area; customers quote it in tickets (R5). */
  name: Name,
  orderNumber: OrderNumber,
  product: Text,
  location: Text,
  status: ServiceStatus.default('active'),
  ipAddresses: z.array(IpAddressOrRange).max(256).default([]),
};
export const ServiceInput = z.object({ ...AccountRef, ...ServiceFields }).superRefine(oneAccountRef);
export type ServiceInput = z.infer<typeof ServiceInput>;
export const ServiceUpsert = z
  .object({ ...AccountRef, ...ServiceFields })
  .omit({ externalId: true })
  .superRefine(oneAccountRef);
export type ServiceUpsert = z.infer<typeof ServiceUpsert>;
/** A service stays with its account: a patch changes only the service itself. */
export const ServicePatch = z.object({
  externalId: ExternalId.optional(),
  name: Name.optional(),
  orderNumber: OrderNumber.optional(),
  product: Text.optional(),
  location: Text.optional(),
  status: ServiceStatus.optional(),
  ipAddresses: z.array(IpAddressOrRange).max(256).optional(),
});
export type ServicePatch = z.infer<typeof ServicePatch>;

/** An account as the directory lists it. */
export const DirectoryAccount = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  counts: z.object({ contacts: z.number().int(), services: z.number().int(), tickets: z.number().int() }),
});
export type DirectoryAccount = z.infer<typeof DirectoryAccount>;

export const Contact = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string(),
  locale: Locale,
  roles: z.array(ContactRole),
  canLogIn: z.boolean(),
  /** Whether a password is set; a provisioned contact has none until they set one or arrive through the billing panel. */
  hasPassword: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

export const ServiceRecord = Service.extend({
  accountId: z.uuid(),
  externalId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceRecord = z.infer<typeof ServiceRecord>;

/** A page of a list: `limit` items from `offset`, of `total`. */
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });
export type Page<T> = { items: T[]; total: number; offset: number; limit: number };

/**
 * A directory list's query. `q` finds by name, email, external id, order number (`#123456`) or IP address (a service
 * whose address or range contains it); `status` keeps active or disabled records only.
 */
export const DirectoryQuery = z.object({
  q: z.string().trim().max(200).default(''),
  accountId: z.uuid().optional(),
  status: z.enum(['all', 'active', 'disabled']).default('all'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DirectoryQuery = z.infer<typeof DirectoryQuery>;

/** At most this many items in one bulk request: one statement per batch. */
export const BULK_MAX_ITEMS = 1000;

export const BulkOutcome = z.enum(['created', 'updated', 'unchanged', 'error']);
export type BulkOutcome = z.infer<typeof BulkOutcome>;

export const BulkError = z.object({
  /** The item's position in the request, from 0. */
  index: z.number().int(),
  /** `request.invalid` for a field that failed validation, else the error code (`contact.email_taken`, …). */
  code: z.string(),
  message: LocalizedText,
  /** The field at fault (`email`, `ipAddresses.1`), or null when it is the item as a whole. */
  field: z.string().nullable(),
});
export type BulkError = z.infer<typeof BulkError>;

/** The answer to a bulk upsert: counts, each bad item's error, and what became of each item (its id when stored). */
export const BulkResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(BulkError),
  items: z.array(z.object({ index: z.number().int(), id: z.uuid().nullable(), outcome: BulkOutcome })),
});
export type BulkResult = z.infer<typeof BulkResult>;

export const AuditActorKind = z.enum(['staff', 'api', 'cli', 'system']);
export const AuditActor = z.object({
  kind: AuditActorKind,
  /** The staff user or API token; null for the CLI and the system. */
  id: z.uuid().nullable(),
  /** A staff user's email, a token's name, `cli`: kept though the actor is gone later. */
  label: z.string(),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditEntity = z.enum(['account', 'contact', 'service', 'webhook', 'sso', 'ticket']);
export type AuditEntity = z.infer<typeof AuditEntity>;
/** `sign_in` and `refuse`: the billing panel's sign-in link (migration 0028). */
export const AuditAction = z.enum(['create', 'update', 'disable', 'enable', 'delete', 'merge', 'sign_in', 'refuse']);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: AuditActor,
  entity: AuditEntity,
  entityId: z.uuid(),
  accountId: z.uuid().nullable(),
  action: AuditAction,
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Newest first; `cursor` is the last entry's id of the page before. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/** One account as the API reads it: the directory's fields and its services (what `GET /api/v1/accounts/{id}` always gave). */
export const DirectoryAccountDetail = DirectoryAccount.extend({ services: z.array(ServiceRecord) });
export type DirectoryAccountDetail = z.infer<typeof DirectoryAccountDetail>;

/**
 * A bulk request: up to 1000 items, each validated on its own (as the kind's input), so one bad item is answered
 * in the result and the others are stored.
 */
export const BulkInput = z.object({ items: z.array(z.unknown()).min(1).max(BULK_MAX_ITEMS) });
export type BulkInput = z.infer<typeof BulkInput>;

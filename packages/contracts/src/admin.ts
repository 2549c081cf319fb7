import { z } from 'zod';
import { Email, NewPassword, StaffRole } from './auth.js';

export const Department = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  nameHr: z.string(),
  nameEn: z.string(),
  descriptionHr: z.string(),
  descriptionEn: z.string(),
  active: z.boolean(),
});
export type Department = z.infer<typeof Department>;

const Name = z.string().trim().min(2).max(80);
const Description = z.string().trim().max(300);

export const DepartmentInput = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  nameHr: Name,
  nameEn: Name,
  descriptionHr: Description.default(''),
  descriptionEn: Description.default(''),
  active: z.boolean().default(true),
});
export const DepartmentPatch = DepartmentInput.partial();

export const StaffUser = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  /** Must set a new password at the next sign-in (a new staff user, or one an admin asked to). */
  mustChangePassword: z.boolean(),
  /** Departments whose SLA alerts the user gets; none = every department. */
  departmentIds: z.array(z.uuid()),
  createdAt: z.string(),
});
export type StaffUser = z.infer<typeof StaffUser>;

export const StaffUserInput = z.object({
  email: Email,
  name: z.string().trim().min(2).max(120),
  role: StaffRole,
  password: NewPassword,
  departmentIds: z.array(z.uuid()).max(50).default([]),
});
export const StaffUserPatch = z.object({
  name: z.string().trim().min(2).max(120).optional(),
  role: StaffRole.optional(),
  disabled: z.boolean().optional(),
  mustChangePassword: z.boolean().optional(),
  departmentIds: z.array(z.uuid()).max(50).optional(),
});

export const ApiScope = z.enum(['accounts:read', 'accounts:write', 'tickets:read', 'tickets:write']);
export type ApiScope = z.infer<typeof ApiScope>;

export const ApiToken = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ApiScope),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenInput = z.object({ name: z.string().trim().min(2).max(80), scopes: z.array(ApiScope).min(1) });
/** Returned once at creation: the secret is stored only as a hash. */
export const ApiTokenCreated = z.object({ token: ApiToken, secret: z.string() });

export const OutboxEmail = z.object({
  id: z.string().uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.string(),
  /** Delivery (issue 12 point 6): queued → sending → sent, or failed after a day of retries or a permanent refusal. */
  state: z.enum(['queued', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  /** The relay's last answer or the connection error, for admins; never a secret. */
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** When a queued mail is tried next. */
  nextAttemptAt: z.string().nullable(),
  /** Our Message-ID (without <>), the same on every resend. */
  messageId: z.string().nullable(),
});
export type OutboxEmail = z.infer<typeof OutboxEmail>;

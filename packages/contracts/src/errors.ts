import { z } from 'zod';

/**
 * Every error code the API answers with, and the one HTTP status it is sent with (issue 11 point 4). A code is
 * `area.reason`; programs key on it, people read the message beside it. The server's `AppError` takes a code
 * from this list and its status from here, so no code is ever sent with two statuses, and one not listed here
 * does not compile.
 */
export const ErrorCodes = {
  // The request itself: its HTTP, its body, its size and rate.
  'request.invalid': 400,
  'request.invalid_json': 400,
  'request.invalid_url': 400,
  'request.malformed_http': 400,
  'request.malformed_form': 400,
  'request.forbidden_path': 403,
  'request.timeout': 408,
  'request.precondition_failed': 412,
  'request.too_large': 413,
  'request.param_too_long': 414,
  'request.unsupported_media_type': 415,
  'request.range_not_satisfiable': 416,
  'request.idempotency_key_reused': 422,
  'request.rate_limited': 429,
  'request.headers_too_large': 431,
  'route.not_found': 404,

  // Who is asking, and whether they may.
  'auth.unauthenticated': 401,
  'auth.account_disabled': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  'auth.csrf_invalid': 403,
  'auth.password_change_required': 403,
  'auth.totp_enrollment_required': 403,
  'auth.totp_required_for_admins': 403,
  'auth.current_password_wrong': 400,
  'auth.password_unchanged': 400,
  'auth.reset_link_invalid': 400,
  'auth.totp_invalid': 400,
  'auth.totp_already_enabled': 409,
  'auth.totp_not_enabled': 409,

  // A resource named by the path that does not exist, or that the caller may not see (said alike, so nothing leaks).
  'account.not_found': 404,
  'api_token.not_found': 404,
  'attachment.not_found': 404,
  'canned_response.not_found': 404,
  'contact.not_found': 404,
  'department.not_found': 404,
  'inbound.not_found': 404,
  'mail_address.not_found': 404,
  'mailbox.not_found': 404,
  'service.not_found': 404,
  'sla_policy.not_found': 404,
  'ticket.not_found': 404,
  'user.not_found': 404,
  'webhook.not_found': 404,
  'webhook_delivery.not_found': 404,

  // A request body that names something that does not exist (or is not the caller's to choose): the request is wrong.
  'account.unknown': 400,
  'assignee.unknown': 400,
  'contact.unknown': 400,
  'department.unknown': 400,
  'service.unknown': 400,
  // A merge's target named by reference (issue 13 point 5) that does not exist.
  'ticket.merge_target_unknown': 400,

  'attachment.empty': 400,
  'attachment.too_large': 413,
  'attachment.too_many': 413,
  'canned.unknown_placeholder': 400,
  'canned.not_editable': 403,
  'department.slug_taken': 409,
  // The directory (issue 13): an id or address another record holds, and records that stay with their account.
  'account.external_id_taken': 409,
  'contact.external_id_taken': 409,
  'contact.email_taken': 409,
  'contact.account_fixed': 409,
  'service.external_id_taken': 409,
  'service.order_number_taken': 409,
  'service.account_fixed': 409,
  'mail_address.taken': 409,
  'staff.email_taken': 409,
  'staff.cannot_demote_self': 409,
  'ticket.account_already_linked': 409,
  'ticket.reply_collision': 409,
  // Merging a duplicate (issue 13 point 5): into itself, into or from a merged ticket, across customers.
  'ticket.merge_self': 409,
  'ticket.merge_merged': 409,
  'ticket.merge_other_customer': 409,
  'realtime.too_many_connections': 429,
  // A mailbox connection test (POST /api/admin/mailboxes[/:id]/test) that failed: the settings do not work, said plainly.
  'mailbox.connection_failed': 422,
  'mailbox.tls_failed': 422,
  'mailbox.timeout': 422,
  'mailbox.auth_failed': 422,
  'mailbox.folder_missing': 422,
  // A webhook URL the egress guard refuses (a private, loopback or link-local address; http where only https is allowed).
  'webhook.url_refused': 422,

  // The billing panel's signed sign-in link (GET /sso/billing; issue 13 point 4). The browser is sent to the refusal
  // page with the code; the status is what the same refusal means over plain HTTP.
  'sso.not_enabled': 404,
  'sso.link_invalid': 400,
  'sso.redirect_invalid': 400,
  'sso.signature_invalid': 401,
  'sso.link_expired': 401,
  'sso.link_used': 409,
  'sso.contact_unknown': 403,
  'sso.contact_disabled': 403,
  'sso.login_not_allowed': 403,
  // Its admin settings: turning it on before a secret exists; rotating a secret the server's config sets.
  'sso.secret_missing': 409,
  'sso.secret_from_config': 409,

  // Ours, not the caller's.
  'server.internal': 500,
  'service.unavailable': 503,
} as const satisfies Record<`${string}.${string}`, number>;
export type ErrorCode = keyof typeof ErrorCodes;

/** A message in both languages the product speaks; the client picks one. */
export const LocalizedText = z.object({ en: z.string(), hr: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: LocalizedText,
});
export type FieldError = z.infer<typeof FieldError>;

/**
 * Every error the API returns has this shape: a stable `code` for programs,
 * a human message in hr and en, and per-field errors for invalid input.
 */
export const ApiError = z.object({
  error: z.object({
    /** One of `ErrorCode`, read as any string: a page loaded before a release must still read a code the release added. */
    code: z.string(),
    message: LocalizedText,
    fields: z.array(FieldError).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

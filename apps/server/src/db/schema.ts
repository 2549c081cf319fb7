import type { Trust } from '@centrala/contracts';
import type { ColumnType, Generated } from 'kysely';

/** Columns the database fills in; optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AccountsTable {
  id: Generated<string>;
  name: string;
  email: string;
  /** The billing system's own id (issue 13): a sync upserts by it. */
  external_id: string | null;
  /** Disabled, never deleted (its tickets stay): its people cannot log in, provisioning lists it as disabled. */
  disabled_at: Date | string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServicesTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  order_number: string;
  product: string;
  location: string;
  status: Defaulted<'active' | 'suspended' | 'pending' | 'cancelled'>;
  ip_addresses: Defaulted<string[]>;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  kind: 'client' | 'staff';
  account_id: string | null;
  role: 'agent' | 'admin' | null;
  email: string;
  name: string;
  /** Null for a contact provisioned without one: they sign in through the billing panel's link or set one by reset. */
  password_hash: string | null;
  locale: Defaulted<'hr' | 'en'>;
  totp_secret: string | null;
  totp_enabled: Defaulted<boolean>;
  /** The time step of the last TOTP code accepted (a code is good once). */
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
  disabled_at: Date | string | null;
  /** Set by an admin (and for a staff user an admin creates): until changed, a session may only change the password. */
  must_change_password: Defaulted<boolean>;
  /** A client user is a contact of its account (issue 13): the billing system's id, roles, whether they may log in. */
  external_id: string | null;
  roles: Defaulted<Array<'owner' | 'technical' | 'billing'>>;
  can_log_in: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DepartmentsTable {
  id: Generated<string>;
  slug: string;
  name_hr: string;
  name_en: string;
  description_hr: Defaulted<string>;
  description_en: Defaulted<string>;
  active: Defaulted<boolean>;
  position: Defaulted<number>;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: Buffer;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date | string;
  ip: string | null;
  user_agent: string | null;
  /** Set instead of deleting the row when the user is disabled: the session is over, and its cookie says why. */
  ended_reason: ColumnType<'account_disabled' | null, 'account_disabled' | null | undefined, 'account_disabled' | null>;
}

export interface RecoveryCodesTable {
  user_id: string;
  /** sha256 of the code as the user types it, normalised. */
  code_hash: Buffer;
  created_at: Timestamp;
  used_at: Date | string | null;
}

export interface PasswordResetsTable {
  token_hash: Buffer;
  user_id: string;
  created_at: Timestamp;
  expires_at: Date | string;
  used_at: Date | string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  token_hash: Buffer;
  scopes: string[];
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

export interface OutboxEmailsTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  text_body: string;
  kind: string;
  /** The whole body, sealed with the server's key, when text_body hides a secret (a reset link). */
  sealed_body: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  created_at: Timestamp;
  /** Migration 0019 (delivery): our Message-ID without <>, set at creation, the same on every resend. */
  message_id: string | null;
  ticket_id: string | null;
  in_reply_to: string | null;
  references: Defaulted<string[]>;
  reply_to: string | null;
  /** Attachments of an agent reply, read from the attachment store when sent. */
  attachments: ColumnType<OutboxAttachment[], string | undefined, string>;
  /** Extra headers (Auto-Submitted), name → value. */
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  state: Defaulted<'queued' | 'sending' | 'sent' | 'failed'>;
  attempts: Defaulted<number>;
  /** When queued: the earliest next try. When sending: the end of the claim's lease. */
  next_attempt_at: Defaulted<Date>;
  sent_at: Date | null;
  last_error: string | null;
}

export interface OutboxAttachment {
  sha256: string;
  filename: string;
  contentType: string;
}

export interface LoginFailuresTable {
  email: string;
  client: string;
  failures: number;
  last_failed_at: Date | string;
  locked_until: Date | string | null;
}

export interface NotificationAddressesTable {
  id: Generated<string>;
  account_id: string;
  kind: 'billing' | 'support' | 'abuse';
  email: string;
}

export interface SlaPoliciesTable {
  id: Generated<string>;
  channel: 'ticket' | 'email' | 'chat' | 'api';
  priority: 'regular' | 'high';
  first_response_seconds: number;
  next_response_seconds: number | null;
  business_hours: unknown | null;
}

export type TicketStatusColumn = 'open' | 'awaiting_agent' | 'awaiting_customer' | 'resolved' | 'closed';
/** A ticket's trust is its requester's; `staff` when an agent identified them (a phone call, migration 0030). */
type TicketTrust = Trust;

export interface TicketsTable {
  id: Generated<string>;
  reference: string;
  /** Null until an agent links the ticket to an account (an unknown email sender, a chat visitor; migration 0015). */
  account_id: string | null;
  requester_id: string | null;
  /** The address an accountless requester is answered at. */
  requester_email: string | null;
  department_id: string;
  priority: 'regular' | 'high';
  priority_rank: ColumnType<number, never, never>;
  status: Defaulted<TicketStatusColumn>;
  channel: 'ticket' | 'email' | 'chat' | 'api';
  trust: TicketTrust;
  subject: string;
  service_id: string | null;
  incident: Defaulted<unknown>;
  assignee_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_response_at: Date | string | null;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  first_response_due_at: Date | string | null;
  next_response_due_at: Date | string | null;
  due_at: Date | string | null;
  queue_sort_at: ColumnType<Date, never, never>;
  sla_paused_remaining_ms: ColumnType<string | null, number | null | undefined, number | null>;
  sla_clock_ms: ColumnType<string | null, number | null | undefined, number | null>;
  sla_state: Defaulted<'ok' | 'warning' | 'breached'>;
  first_response_breached: Defaulted<boolean>;
  search_vector: ColumnType<string, unknown, unknown>;
  /** The addresses copied on an email ticket, kept for the answers (migration 0017). */
  cc: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  /** Opened by mail to an abuse address or by an ARF report (migration 0023): marked for agents. */
  abuse: Defaulted<boolean>;
  /** The ticket this duplicate was merged into (migration 0030); it is closed. */
  merged_into_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TicketMessagesTable {
  id: Generated<string>;
  ticket_id: string;
  author_type: 'customer' | 'agent' | 'system';
  author_id: string | null;
  body: string;
  internal: Defaulted<boolean>;
  trust: Trust;
  created_at: Timestamp;
  /** EmailMeta of a message that came by email (migration 0017); staff only. */
  email: ColumnType<unknown, string | null | undefined, string | null>;
  /** Written through the API by this token (migration 0031); `author_label` is its name at the time. */
  api_token_id: ColumnType<string | null, string | null | undefined, string | null>;
  author_label: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AttachmentsTable {
  id: Generated<string>;
  ticket_id: string;
  message_id: string | null;
  sha256: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  created_at: Timestamp;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: string;
  actor_id: string | null;
  kind: string;
  data: Defaulted<unknown>;
  created_at: Timestamp;
  /** Made through the API by this token (migration 0031); `actor_label` is its name at the time. */
  api_token_id: ColumnType<string | null, string | null | undefined, string | null>;
  actor_label: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CannedResponsesTable {
  id: Generated<string>;
  title: string;
  body: string;
  locale: 'hr' | 'en';
  /** Null for the responses Centrala was installed with. */
  author_id: string | null;
  /** Shared with all staff; otherwise only its author sees it. */
  shared: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffSignaturesTable {
  user_id: string;
  signature: string;
  updated_at: Timestamp;
}

export interface TicketPresenceTable {
  ticket_id: string;
  socket_id: string;
  user_id: string;
  typing: Defaulted<boolean>;
  seen_at: Timestamp;
}

export interface StaffDepartmentsTable {
  user_id: string;
  department_id: string;
}

export interface RateLimitsTable {
  key: string;
  hits: number;
  window_ends_at: Date;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  route: string;
  request_hash: string;
  status: number;
  result: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

/** Raw input as it arrived, stored before it is processed (migration 0015). */
export interface InboundTable {
  id: string;
  channel: 'ticket' | 'email' | 'chat' | 'api';
  source_id: string;
  payload: ColumnType<unknown, string, string>;
  raw_ref: string | null;
  received_at: Timestamp;
  state: Defaulted<'received' | 'processed' | 'failed'>;
  ticket_id: string | null;
  message_id: string | null;
  error: string | null;
  processed_at: Date | string | null;
  /** An email's raw bytes, their sha256, its Message-ID (no <>) and Thread-Index root (migration 0017). */
  raw: Buffer | null;
  sha256: string | null;
  /** The header Message-ID (message_id is the ticket message the input became). */
  mail_message_id: string | null;
  thread_root: string | null;
  /** How it came: the SMTP envelope or the IMAP mailbox + UIDVALIDITY + UID (MailSource). */
  source: ColumnType<unknown, string | null | undefined, string | null>;
  attempts: Defaulted<number>;
  next_attempt_at: Date | string | null;
}

export interface MailAddressesTable {
  id: Generated<string>;
  /** Lower-case. */
  address: string;
  department_id: string;
  purpose: Defaulted<'support' | 'abuse'>;
  created_at: Timestamp;
}

/** Bounce marks and the automatic-reply cap per mail address (migration 0018). */
export interface EmailSendersTable {
  address: string;
  bouncing_since: Date | string | null;
  last_bounce: ColumnType<unknown, string | null, string | null>;
  acknowledgements_sent: Defaulted<number>;
  window_start: Date | string | null;
}

/** An IMAP mailbox the poller fetches from (migration 0020); bigint columns come back as strings. */
export interface MailboxesTable {
  id: Generated<string>;
  name: string;
  host: string;
  port: number;
  tls: Defaulted<boolean>;
  username: string;
  /** The password, sealed with the server's key (mailSeal); never sent to a client. */
  password_sealed: Buffer;
  folder: Defaulted<string>;
  processed_folder: string | null;
  department_id: string | null;
  uid_validity: ColumnType<string | null, string | null | undefined, string | null>;
  last_uid: ColumnType<string | null, string | null | undefined, string | null>;
  last_fetch_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: string | null;
  last_error_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  backlog: number | null;
  enabled: Defaulted<boolean>;
  created_at: Timestamp;
}

/** Who changed what (migration 0026): written in the transaction of the change. */
export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_kind: 'staff' | 'api' | 'cli' | 'system';
  actor_id: string | null;
  actor_label: string;
  entity: 'account' | 'contact' | 'service' | 'webhook' | 'sso' | 'ticket';
  entity_id: string;
  account_id: string | null;
  /** `sign_in` and `refuse`: the billing panel's signed link (migration 0028). */
  action: 'create' | 'update' | 'disable' | 'enable' | 'delete' | 'merge' | 'sign_in' | 'refuse';
  before: unknown;
  after: unknown;
}

/** The billing panel's sign-in link (migration 0028): one row. */
export interface BillingSsoSettingsTable {
  id: Defaulted<boolean>;
  enabled: Defaulted<boolean>;
  /** The shared secret, sealed with the server's key; never sent to a client after it was made. */
  secret_sealed: Buffer | null;
  secret_set_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: Timestamp;
}

/** A used link's nonce, until the link would have expired anyway (migration 0028). */
export interface BillingSsoNoncesTable {
  nonce: string;
  expires_at: ColumnType<Date, Date, Date>;
}

/** Imports of accounts, contacts and services (migration 0027): the file until it is imported, the dry run's bad rows, progress. */
export interface ImportsTable {
  id: Generated<string>;
  kind: 'accounts' | 'contacts' | 'services';
  format: 'csv' | 'json';
  file_name: string;
  state: 'invalid' | 'ready' | 'running' | 'done' | 'failed';
  content: Buffer | null;
  total_rows: number;
  processed: Defaulted<number>;
  created: Defaulted<number>;
  updated: Defaulted<number>;
  unchanged: Defaulted<number>;
  failed: Defaulted<number>;
  error_count: Defaulted<number>;
  errors: ColumnType<unknown, string | undefined, string>;
  failure: ColumnType<unknown, string | null | undefined, string | null>;
  actor_kind: 'staff' | 'cli';
  actor_id: string | null;
  actor_label: string;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Migration 0029 (modules/webhooks): an admin's subscription of a URL to webhook event types. */
export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  url: string;
  description: Defaulted<string>;
  event_types: string[];
  active: Defaulted<boolean>;
  /** The signing secret, sealed with the server key (shown once, at creation and rotation). */
  secret_sealed: Buffer;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One event for one subscription: the delivery loop's queue and the admins' log. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  subscription_id: string;
  /** The event's id (Centrala-Event-Id), the same on every attempt. */
  event_id: string;
  event_type: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  state: Defaulted<'queued' | 'sending' | 'delivered' | 'failed'>;
  attempts: Defaulted<number>;
  /** When queued: the earliest next try. When sending: the end of the claim's lease. */
  next_attempt_at: Defaulted<Date>;
  give_up_at: Defaulted<Date>;
  delivered_at: Date | null;
  last_status: number | null;
  last_error: string | null;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  at: Timestamp;
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
}

export interface Database {
  billing_sso_settings: BillingSsoSettingsTable;
  billing_sso_nonces: BillingSsoNoncesTable;
  imports: ImportsTable;
  audit_log: AuditLogTable;
  email_senders: EmailSendersTable;
  mailboxes: MailboxesTable;
  inbound: InboundTable;
  mail_addresses: MailAddressesTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
  staff_departments: StaffDepartmentsTable;
  notification_addresses: NotificationAddressesTable;
  sla_policies: SlaPoliciesTable;
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  attachments: AttachmentsTable;
  ticket_events: TicketEventsTable;
  canned_responses: CannedResponsesTable;
  staff_signatures: StaffSignaturesTable;
  ticket_presence: TicketPresenceTable;
  accounts: AccountsTable;
  services: ServicesTable;
  users: UsersTable;
  departments: DepartmentsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  outbox_emails: OutboxEmailsTable;
  login_failures: LoginFailuresTable;
  recovery_codes: RecoveryCodesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

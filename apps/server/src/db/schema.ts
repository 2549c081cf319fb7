import type { ColumnType, Generated } from 'kysely';

/** Columns the database fills in; optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AccountsTable {
  id: Generated<string>;
  name: string;
  email: string;
  created_at: Timestamp;
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
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  kind: 'client' | 'staff';
  account_id: string | null;
  role: 'agent' | 'admin' | null;
  email: string;
  name: string;
  password_hash: string;
  locale: Defaulted<'hr' | 'en'>;
  totp_secret: string | null;
  totp_enabled: Defaulted<boolean>;
  failed_logins: Defaulted<number>;
  locked_until: Date | string | null;
  disabled_at: Date | string | null;
  created_at: Timestamp;
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
  created_at: Timestamp;
}

export interface Database {
  accounts: AccountsTable;
  services: ServicesTable;
  users: UsersTable;
  departments: DepartmentsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  outbox_emails: OutboxEmailsTable;
}

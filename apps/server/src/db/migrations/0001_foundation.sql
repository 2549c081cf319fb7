-- Foundation: accounts and their services, people who log in, departments,
-- sessions, password resets, API tokens and the dev email outbox.

create table accounts (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- The address registered with the account (R11, R12, R13).
  email text not null check (email = lower(email)),
  created_at timestamptz not null default now()
);

create table services (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  -- The name as shown in the client area; customers quote it (R5).
  name text not null,
  order_number text not null unique check (order_number ~ '^[0-9]{6}$'),
  product text not null,
  location text not null,
  status text not null default 'active' check (status in ('active', 'suspended', 'pending', 'cancelled')),
  ip_addresses inet[] not null default '{}',
  created_at timestamptz not null default now()
);
create index services_account_idx on services (account_id);
create index services_ip_idx on services using gin (ip_addresses);

create table users (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('client', 'staff')),
  account_id uuid references accounts (id) on delete cascade,
  role text check (role in ('agent', 'admin')),
  email text not null unique check (email = lower(email)),
  name text not null,
  password_hash text not null,
  locale text not null default 'hr' check (locale in ('hr', 'en')),
  totp_secret text,
  totp_enabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  -- A client belongs to exactly one account and has no staff role; staff the reverse.
  check ((kind = 'client' and account_id is not null and role is null)
      or (kind = 'staff' and account_id is null and role is not null)),
  check (not totp_enabled or totp_secret is not null)
);
create index users_account_idx on users (account_id);

create table departments (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
  name_hr text not null,
  name_en text not null,
  description_hr text not null default '',
  description_en text not null default '',
  active boolean not null default true,
  position integer not null default 0,
  created_at timestamptz not null default now()
);

-- R2: the two departments of the contact document, editable by admins.
insert into departments (slug, name_hr, name_en, description_hr, description_en, position) values
  ('technical', 'Tehnički problemi', 'Technical problems',
   'Problemi sa serverom, mrežom ili drugi tehnički problemi', 'Server, network or other technical problems', 1),
  ('financial', 'Financijski problemi', 'Financial problems',
   'Pitanja o naplati, plaćanjima ili računima', 'Questions about billing, payments or invoices', 2);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  -- sha256 of the cookie value: a leaked table does not yield live sessions.
  token_hash bytea not null unique,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table password_resets (
  token_hash bytea primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_user_idx on password_resets (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  -- The visible start of the token, to tell tokens apart; the rest is only hashed.
  prefix text not null unique,
  token_hash bytea not null,
  scopes text[] not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Emails the product sends; with no SMTP relay configured this is where they
-- stay, browsable by admins (DESIGN.md "email out").
create table outbox_emails (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  subject text not null,
  text_body text not null,
  kind text not null,
  created_at timestamptz not null default now()
);
create index outbox_emails_created_idx on outbox_emails (created_at desc);

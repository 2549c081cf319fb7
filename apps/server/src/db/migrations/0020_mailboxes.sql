-- IMAP mailboxes the poller fetches from (issue 12 point 1b). The poller
-- trusts UIDVALIDITY and UIDs, never \Seen: last_uid is the highest UID of
-- `folder` stored (in inbound) under uid_validity; a changed UIDVALIDITY
-- means fetching the folder again (the inbound dedup key makes that safe).
-- The password is sealed with the server's key (AES-256-GCM) and never read
-- back by the API. last_fetch_at, backlog and last_error are what admins see.
create table mailboxes (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  host text not null,
  port int not null check (port between 1 and 65535),
  tls boolean not null default true,
  username text not null,
  password_sealed bytea not null,
  folder text not null default 'INBOX',
  processed_folder text,
  department_id uuid references departments (id) on delete set null,
  uid_validity bigint,
  last_uid bigint,
  last_fetch_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  backlog int,
  enabled boolean not null default true,
  created_at timestamptz not null default now()
);

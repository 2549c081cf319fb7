-- The provider's customers managed here and synced from a billing system
-- (issue 13 points 1–3): accounts, their contacts (client users) and services
-- carry the billing system's own id, so a sync is an idempotent upsert; an
-- account or a contact is disabled, never deleted, so no ticket is lost; every
-- change is written to the audit log.

alter table accounts
  add column external_id text unique check (length(external_id) between 1 and 100),
  add column disabled_at timestamptz,
  add column updated_at timestamptz not null default now();

-- Contacts are the client users of an account. A contact may exist only to be
-- known (its address trusted by email verification, R12) without logging in:
-- provisioned contacts have no password until they set one or arrive through
-- the billing panel's signed link.
alter table users
  add column external_id text unique check (length(external_id) between 1 and 100),
  add column roles text[] not null default '{}' check (roles <@ array['owner', 'technical', 'billing']::text[]),
  add column can_log_in boolean not null default true,
  add column updated_at timestamptz not null default now(),
  alter column password_hash drop not null;

alter table services
  add column external_id text unique check (length(external_id) between 1 and 100),
  add column updated_at timestamptz not null default now();

-- Deleting an account must never take its tickets with it: refuse instead.
alter table tickets drop constraint tickets_account_id_fkey,
  add constraint tickets_account_id_fkey foreign key (account_id) references accounts (id) on delete restrict;

-- Who changed what, when, before and after. Written in the transaction of the
-- change. `account_id` lets an account's page show its own history.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('staff', 'api', 'cli', 'system')),
  -- The staff user or API token; null for the CLI and the system.
  actor_id uuid,
  -- How the actor was called at the time (a token's name, a user's email), kept though the actor is gone later.
  actor_label text not null,
  entity text not null check (entity in ('account', 'contact', 'service', 'webhook', 'sso', 'ticket')),
  entity_id uuid not null,
  account_id uuid,
  action text not null check (action in ('create', 'update', 'disable', 'enable', 'delete', 'merge')),
  before jsonb,
  after jsonb
);
create index audit_log_account_idx on audit_log (account_id, at desc) where account_id is not null;
create index audit_log_entity_idx on audit_log (entity, entity_id, at desc);

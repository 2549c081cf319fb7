-- Issue 10 points 3 and 7: accounts people can manage.

-- An admin may require a new password at the next sign-in; a staff user an
-- admin creates starts with it (they know the admin's initial password). Until
-- it is changed, a session may only change it, read itself and sign out.
alter table users add column must_change_password boolean not null default false;

-- A session ended because its user was disabled is kept, marked, until it
-- would have expired: the browser holding its cookie is told why it was
-- refused ("your account was disabled"), not just that it was.
alter table sessions add column ended_reason text check (ended_reason in ('account_disabled'));

-- Single-use codes that stand in for a TOTP code at sign-in; stored only as
-- their sha256 (each holds ~79 random bits, so a hash is enough).
create table recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash bytea not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  primary key (user_id, code_hash)
);

-- Issue 9, points 7–9: login protection, TOTP replay, password reset.

-- Failed logins per (email as typed, client network), not per account: one
-- address guessing locks out only itself, and an unknown email is counted
-- like a known one, so the answers never tell which addresses exist. The
-- per-account lock (users.failed_logins, locked_until) let anyone lock anyone
-- out, and overflowed after 42 failures.
create table login_failures (
  email text not null,
  -- The client's address, an IPv6 client's /64 (one host holds a whole /64).
  client text not null,
  failures integer not null,
  last_failed_at timestamptz not null,
  locked_until timestamptz,
  primary key (email, client)
);
create index login_failures_last_idx on login_failures (last_failed_at);
alter table users drop column failed_logins, drop column locked_until;

-- The time step of the last TOTP code accepted: a code is good once.
alter table users add column totp_last_step bigint;

-- Reset mails keep their link sealed (encrypted with the server's key) for the
-- relay; text_body, which admins read, has it hidden.
alter table outbox_emails add column sealed_body bytea;
-- The links stored readable so far: hidden, and void (admins could read them).
update outbox_emails set text_body = regexp_replace(text_body, 'token=[A-Za-z0-9_-]+', 'token=[hidden]', 'g')
  where kind = 'password_reset';
delete from password_resets where used_at is null;

-- A changed password voids every link still outstanding, whatever changed it.
create function void_password_resets() returns trigger language plpgsql as $$
begin
  delete from password_resets where user_id = new.id and used_at is null;
  return new;
end $$;
create trigger users_password_changed after update of password_hash on users
  for each row when (old.password_hash is distinct from new.password_hash) execute function void_password_resets();

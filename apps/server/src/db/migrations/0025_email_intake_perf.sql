-- Stored mail wakes the drains of every worker node (issue 12 perf): the receiver and the drain may run in processes
-- of their own (ROLES=smtp, ROLES=worker, README "Scaling out"), and a drain that only polled found a mail up to
-- INBOUND_POLL_INTERVAL_MS late. One notification per insert statement (the store batches mails stored together),
-- and only for email rows: client-area submissions write inbound too and need no drain.
create function inbound_email_notify() returns trigger language plpgsql as $$
begin
  if exists (select 1 from stored where channel = 'email') then
    perform pg_notify('inbound_email', '');
  end if;
  return null;
end $$;
create trigger inbound_email_stored after insert on inbound
  referencing new table as stored
  for each statement execute function inbound_email_notify();

-- The raw mail is compressed by lz4 rather than pglz where the server has it (PostgreSQL 14+ built with lz4; otherwise
-- pglz stays): on the machine's PostgreSQL 15, 3,000 bench-like mails (27 KB, a compressible attachment) took 30 ms
-- to insert with lz4 against 450 ms with pglz, and incompressible ones (base64 of random bytes) about the same either
-- way; `storage external` (no compression) saved less CPU (290 against 390 ms) and stored the compressible ones 40
-- times larger.
do $$
begin
  alter table inbound alter column raw set compression lz4;
exception when feature_not_supported or invalid_parameter_value then
  raise notice 'lz4 is not available: inbound.raw stays compressed by pglz';
end $$;

-- The email drain asks who each sender is by address (intake's requesterOf): users.email has its unique index; these
-- had none for equality (accounts only a trigram one), so every mail read both tables whole (at the bench's million
-- tickets, 10 s of PostgreSQL time for 2,829 mails). Addresses are stored lower-cased (their checks), as asked.
create index accounts_email on accounts (email);
create index notification_addresses_email on notification_addresses (email);

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

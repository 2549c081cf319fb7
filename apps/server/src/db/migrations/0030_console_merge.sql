-- The console's own ways in and out of a ticket (issue 13 point 5, console side).
--
-- A duplicate merged into another ticket stays a ticket, closed, with the one it
-- went into: its reference keeps resolving (its pages point to the target, an
-- email reply to its thread lands in the target). Not a status of its own: a
-- merged ticket is closed in every sense the queue, the SLA clock and the
-- customer's list know, and a new status would be one more case for each.
alter table tickets
  add column merged_into_id uuid references tickets (id) on delete restrict,
  -- Never into itself; into a ticket that is not merged itself is checked by the command, under lock.
  add constraint tickets_merged_not_self check (merged_into_id is null or merged_into_id <> id),
  add constraint tickets_merged_closed check (merged_into_id is null or status = 'closed');
create index tickets_merged_into_idx on tickets (merged_into_id) where merged_into_id is not null;

-- A ticket an agent opened for a customer who called: the caller was identified
-- by the agent who took the call, which is neither a client-area session nor a
-- verified mail. `staff` says so to agents (the ticket's trust badge).
alter table tickets drop constraint tickets_trust_check,
  add constraint tickets_trust_check check (trust in ('session', 'email_authenticated', 'email_claimed', 'anonymous', 'staff'));

-- The customer's other tickets (the console's panel): an account's are found by
-- tickets_account_idx (migration 0002); an accountless requester's other tickets, by the address they wrote from.
create index tickets_requester_email_updated_idx on tickets (lower(requester_email), updated_at desc, id desc)
  where account_id is null and requester_email is not null;

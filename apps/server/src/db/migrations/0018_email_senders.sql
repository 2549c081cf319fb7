-- What the email channel knows about an address it hears from or writes to
-- (issue 12 point 5). A hard bounce marks the address (agents see it beside
-- the requester; answers to it are pointless until it works again), and the
-- per-address count of automatic replies in the current window caps them, so
-- a looping autoresponder or a forged flood gets a handful of acknowledgements
-- an hour, not one per mail.
create table email_senders (
  address text primary key check (address = lower(address)),
  bouncing_since timestamptz,
  last_bounce jsonb,
  acknowledgements_sent int not null default 0,
  window_start timestamptz
);

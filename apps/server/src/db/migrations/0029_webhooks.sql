-- Signed webhooks out (issue 13 point 6, modules/webhooks). Admins subscribe a
-- URL to event types; a listener of the domain events writes one delivery per
-- (event, matching active subscription) in the emitting transaction; the
-- worker's delivery loop POSTs them, signed, retrying for a day.

create table webhook_subscriptions (
  id uuid primary key default gen_random_uuid(),
  url text not null check (length(url) between 8 and 2000),
  description text not null default '' check (length(description) <= 200),
  -- Webhook event types (WEBHOOK_EVENT_TYPES in @centrala/contracts); never 'ping', which is sent on request only.
  event_types text[] not null check (cardinality(event_types) > 0),
  active boolean not null default true,
  -- The signing secret, sealed (AES-256-GCM) with the server key: we must sign with it, so it cannot be a hash.
  secret_sealed bytea not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One event for one subscription. event_id is the event's, the same for every
-- subscription and every attempt (Centrala-Event-Id, for the receiver's
-- de-duplication). state: queued → sending (claimed; next_attempt_at is then
-- the lease's end) → delivered, or back to queued with a backed-off
-- next_attempt_at, or failed once give_up_at has passed.
create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  subscription_id uuid not null references webhook_subscriptions (id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  -- What the event carried (ids and the event's own facts); the ticket's current state is added when sent.
  data jsonb not null,
  created_at timestamptz not null default now(),
  state text not null default 'queued' check (state in ('queued', 'sending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  -- Retried until then (a day after the event, or after an admin's resend).
  give_up_at timestamptz not null default now() + interval '24 hours',
  delivered_at timestamptz,
  last_status int,
  last_error text,
  unique (subscription_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state in ('queued', 'sending');
create index webhook_deliveries_log on webhook_deliveries (subscription_id, created_at desc);

-- Every attempt, for admins: when, the answer's status, how long it took, the
-- start of its body (as text, at most 2 KiB) or the error.
create table webhook_attempts (
  id bigint generated always as identity primary key,
  delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
  at timestamptz not null default now(),
  status_code int,
  duration_ms int not null,
  response_body text,
  error text
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, at);

-- Wakes the delivery loop of every worker node when a delivery is queued. Per
-- row, not per statement: the listener joins every ticket write, which mostly
-- inserts no delivery, and a statement trigger would wake every loop for
-- nothing. Notifications alike in one transaction are sent once.
create function webhook_deliveries_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('webhook_deliveries', '');
  return null;
end $$;
create trigger webhook_deliveries_queued after insert or update of next_attempt_at on webhook_deliveries
  for each row when (new.state = 'queued') execute function webhook_deliveries_notify();

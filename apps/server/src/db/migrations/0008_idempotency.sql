-- What a request sent with an Idempotency-Key produced (issue 9 point 6): a
-- create whose connection reset may have committed, and its retry with the same
-- key must get the first answer instead of writing again. A row is written in
-- the same transaction as what it records, so it exists exactly when that does.
-- Keys are kept 24 hours (a job deletes older ones).
create table idempotency_keys (
  -- 'user:<id>' or 'token:<id>': one caller's keys never meet another's.
  principal text not null,
  key text not null,
  -- The route, and a hash of the request (method, path, form, files), to refuse a key reused for another request.
  route text not null,
  request_hash text not null,
  status smallint not null,
  -- What the answer is made from again: the new ticket's detail, or the new message's id.
  result jsonb not null,
  created_at timestamptz not null default now(),
  primary key (principal, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

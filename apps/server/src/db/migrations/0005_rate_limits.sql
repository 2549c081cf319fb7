-- Counters of the per-address rate limits (login, password reset), shared by
-- every web process and node. Kept in each process's memory before, N
-- processes allowed an address N times the limit. Unlogged: a counter lost in
-- a crash only starts its window again.
create unlogged table rate_limits (
  key text primary key,
  hits integer not null,
  window_ends_at timestamptz not null
);
create index rate_limits_window_idx on rate_limits (window_ends_at);

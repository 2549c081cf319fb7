-- Imports of accounts, contacts and services from CSV or JSON files (issue 13
-- point 3). A file is validated whole first (the dry run: nothing is written,
-- the first bad rows are kept in `errors`); only a file without bad rows is
-- imported, by a background job in batches through the directory's upserts.
-- The file is kept here, not on a node's disk, so any worker node can run the
-- job; it is dropped once the import is done or found invalid.
create table imports (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('accounts', 'contacts', 'services')),
  format text not null check (format in ('csv', 'json')),
  file_name text not null check (length(file_name) between 1 and 255),
  state text not null check (state in ('invalid', 'ready', 'running', 'done', 'failed')),
  content bytea,
  total_rows int not null check (total_rows >= 0),
  -- Rows sent to the directory so far: a job run again after a crash goes on from here (the upserts are idempotent,
  -- so the batch that was being written when it stopped is simply written again).
  processed int not null default 0,
  created int not null default 0,
  updated int not null default 0,
  unchanged int not null default 0,
  failed int not null default 0,
  error_count int not null default 0,
  errors jsonb not null default '[]',
  -- Why the job gave up ({en, hr}), when it did.
  failure jsonb,
  -- Who asked: the audit log's actor for every row the import writes.
  actor_kind text not null check (actor_kind in ('staff', 'cli')),
  actor_id uuid references users (id) on delete set null,
  actor_label text not null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  check ((state in ('ready', 'running')) = (content is not null))
);
create index imports_created_idx on imports (created_at desc);

-- Canned responses that agents manage (issue 10 point 6). Each has an author
-- and is either personal (its author alone sees, edits and deletes it) or
-- shared with all staff (everyone inserts it; its author or an admin edits or
-- deletes it). The four installed with Centrala have no author and stay
-- shared: admins look after them. A removed user's shared responses stay,
-- for admins to keep or delete; users are disabled rather than removed.
alter table canned_responses
  add column author_id uuid references users (id) on delete set null,
  add column shared boolean not null default true,
  add column updated_at timestamptz not null default now();
alter table canned_responses alter column shared set default false;
create index canned_responses_author_idx on canned_responses (author_id);

-- Each staff user's signature, added under their replies to customers (not under internal notes).
create table staff_signatures (
  user_id uuid primary key references users (id) on delete cascade,
  signature text not null,
  updated_at timestamptz not null default now()
);

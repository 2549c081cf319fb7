-- One pipeline for every channel (issue 11 point 1, docs/architecture.md
-- "Inbound: one pipeline"). Raw input is stored before anything is made of it:
-- a form's payload, later an email's bytes or a chat transcript. The sender is
-- answered only once its row is durable, and (channel, source_id) recognises
-- the same input delivered twice (an email's Message-ID, a form's id), so
-- processing it again cannot make a second ticket.
create table inbound (
  id uuid primary key,
  channel text not null check (channel in ('ticket', 'email', 'chat', 'api')),
  source_id text not null,
  payload jsonb not null,
  -- Where the raw bytes are kept when the payload is not all of it (an email's .eml in the file store).
  raw_ref text,
  received_at timestamptz not null default now(),
  state text not null default 'received' check (state in ('received', 'processed', 'failed')),
  ticket_id uuid references tickets (id) on delete set null,
  message_id uuid references ticket_messages (id) on delete set null,
  error text,
  processed_at timestamptz,
  unique (channel, source_id)
);
create index inbound_ticket on inbound (ticket_id) where ticket_id is not null;
create index inbound_unprocessed on inbound (received_at) where state <> 'processed';

-- A ticket may belong to no account (R11): a general question by email from an
-- address no account has registered, a chat visitor. No customer sees such a
-- ticket (every customer read filters by their own account); an agent links it
-- to an account once they know whose it is. requester_email is the address an
-- accountless requester is answered at.
alter table tickets alter column account_id drop not null;
alter table tickets add column requester_email text;

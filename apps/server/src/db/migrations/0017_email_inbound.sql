-- Email in by SMTP (issue 12 points 1a and 2). The raw message is stored in
-- its inbound row before the sender hears `250` (or the IMAP message is moved):
-- its bytes, their sha256, its Message-ID (without <>; mail_message_id, as
-- message_id already names the ticket message it became) and, for Outlook's
-- threads, the Thread-Index root. `source` says how it came (the SMTP session's
-- envelope, or the IMAP mailbox + UIDVALIDITY + UID). The row's source_id is
-- `mid:<Message-ID>`, else `sha:<sha256>`, so an SMTP retry, the same mail by
-- SMTP and IMAP, a poller restarted mid-fetch all meet the (channel, source_id)
-- key and stay one row. Processing it into a ticket is retried with backoff
-- (attempts, next_attempt_at) and ends 'processed' or 'failed'.
alter table inbound
  add column raw bytea,
  add column sha256 text,
  add column mail_message_id text,
  add column thread_root text,
  add column source jsonb,
  add column attempts int not null default 0,
  add column next_attempt_at timestamptz;
create index inbound_mail_message_id on inbound (mail_message_id) where mail_message_id is not null;
create index inbound_thread_root on inbound (thread_root) where thread_root is not null;
-- The drain's queue: received mail by when it is next due.
create index inbound_email_due on inbound (coalesce(next_attempt_at, received_at)) where state = 'received' and channel = 'email';

-- Raised by the ticket write when a stored input it was to process turned out processed already: the same
-- error (and constraint name) a second insert of the input would give, so callers recognise it one way.
create function inbound_seen() returns int language plpgsql as $$
begin
  raise unique_violation using message = 'inbound already processed', constraint = 'inbound_channel_source_id_key', table = 'inbound';
end $$;

-- What a message that came by email carries beside its text (EmailMeta, packages/contracts/src/email.ts): staff only.
alter table ticket_messages add column email jsonb;
-- The addresses copied on an email ticket: kept so the answers go to them too.
alter table tickets add column cc text[];

-- The addresses the SMTP receiver serves, each routed to a department; `abuse` ones are kept apart for the notices.
create table mail_addresses (
  id uuid primary key default gen_random_uuid(),
  address text not null unique check (address = lower(address) and address like '%_@_%'),
  department_id uuid not null references departments (id),
  purpose text not null default 'support' check (purpose in ('support', 'abuse')),
  created_at timestamptz not null default now()
);

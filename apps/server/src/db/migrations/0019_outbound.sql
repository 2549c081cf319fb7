-- Real delivery of the outbox (issue 12 point 6, modules/email/outbound). Rows
-- written in the writer's transaction stay the durable queue; these columns
-- are what delivery needs. Every row gets its Message-ID at creation (no <>),
-- so a resend after a crash carries the same one and receivers de-duplicate.
-- state: queued → sending (claimed; next_attempt_at is then the lease's end)
-- → sent, or back to queued with a backed-off next_attempt_at, or failed.
alter table outbox_emails
  add column message_id text unique,
  add column ticket_id uuid,
  add column in_reply_to text,
  add column "references" text[] not null default '{}',
  add column reply_to text,
  add column html_body text,
  add column attachments jsonb not null default '[]',
  add column headers jsonb not null default '{}',
  add column state text not null default 'queued' check (state in ('queued', 'sending', 'sent', 'failed')),
  add column attempts int not null default 0,
  add column next_attempt_at timestamptz not null default now(),
  add column sent_at timestamptz,
  add column last_error text,
  add column return_path text;

-- Mail kept in the dev outbox before delivery existed was never meant to leave:
-- a relay configured later must not send days-old reset links.
update outbox_emails
   set state = 'failed', last_error = 'kept in the dev outbox before delivery existed (migration 0019)'
 where state = 'queued';

-- What the delivery loop claims: due rows only, oldest due first.
create index outbox_emails_due on outbox_emails (next_attempt_at) where state in ('queued', 'sending');
-- A ticket's earlier mails, for the next one's In-Reply-To/References.
create index outbox_emails_ticket on outbox_emails (ticket_id, created_at) where ticket_id is not null;

-- The Message-ID of an email that came into a ticket is kept by the inbound
-- parts (0017: ticket_messages.email, EmailMeta.messageId); the column is made
-- here too if absent, so the threading below reads it in any merge order.
alter table ticket_messages add column if not exists email jsonb;

-- A ticket's mail is threaded when written, in the writer's transaction:
-- References = the ticket's earlier Message-IDs (the customer's mails that
-- came by email, ours), oldest first, the first and the last 19 when there are
-- more; In-Reply-To = the last of them (at one instant, the customer's first). Mails of the same transaction (one
-- reply to several Support addresses) do not refer to each other.
create function outbox_emails_thread() returns trigger language plpgsql as $$
declare
  ids text[];
begin
  if new.ticket_id is null or cardinality(new."references") > 0 then
    return new;
  end if;
  select coalesce(array_agg(mid order by at, ours, mid), '{}') into ids from (
    select btrim(m.email ->> 'messageId', '<> ') as mid, m.created_at as at, false as ours
      from ticket_messages m
     where m.ticket_id = new.ticket_id and m.email ->> 'messageId' is not null
    union
    select o.message_id, o.created_at, true
      from outbox_emails o
     where o.ticket_id = new.ticket_id and o.message_id is not null and o.created_at < now()
  ) earlier where mid <> '';
  if cardinality(ids) > 20 then
    ids := ids[1:1] || ids[cardinality(ids) - 18:cardinality(ids)];
  end if;
  new."references" := ids;
  new.in_reply_to := ids[cardinality(ids)];
  return new;
end $$;
-- Not for an acknowledgement: its ticket is new (written by the same statement,
-- so its message is not visible here, and no mail of ours came before); the
-- listener threads it to the mail that opened the ticket itself. The WHEN
-- spares the ticket write's statement a function call per ticket.
create trigger outbox_emails_threaded before insert on outbox_emails
  for each row
  when (new.ticket_id is not null and cardinality(new."references") = 0 and new.kind <> 'ticket_acknowledged')
  execute function outbox_emails_thread();

-- Wakes the delivery loop of every worker node once per inserting statement.
create function outbox_emails_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('outbox_emails', '');
  return null;
end $$;
create trigger outbox_emails_queued after insert on outbox_emails
  for each statement execute function outbox_emails_notify();

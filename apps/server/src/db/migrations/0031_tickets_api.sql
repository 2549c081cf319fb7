-- The tickets API (issue 13 point 5). A ticket opened by another system holding
-- an API token has trust `api`: the account was named by the provider's own
-- authenticated system, so it is as certain as a client-area session's, but no
-- customer proved anything. A reply, note or change made by a token is recorded
-- as the token's: its id, and its name at the time (kept though the token is
-- revoked later), since a token is no user.

alter table tickets drop constraint tickets_trust_check,
  add constraint tickets_trust_check check (trust in ('session', 'email_authenticated', 'email_claimed', 'anonymous', 'staff', 'api'));
alter table ticket_messages drop constraint ticket_messages_trust_check,
  add constraint ticket_messages_trust_check
    check (trust in ('session', 'email_authenticated', 'email_claimed', 'anonymous', 'staff', 'api'));

alter table ticket_messages
  add column api_token_id uuid references api_tokens (id) on delete set null,
  add column author_label text;
alter table ticket_events
  add column api_token_id uuid references api_tokens (id) on delete set null,
  add column actor_label text;

-- The API's list reads every status, the most recently updated first, keyset-paged on (updated_at, id).
create index tickets_updated_idx on tickets (updated_at desc, id desc);

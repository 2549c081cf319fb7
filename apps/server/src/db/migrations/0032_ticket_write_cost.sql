-- What an outbox row's id gives is made when it is needed, not stored or indexed again (modules/email/outbox.ts,
-- outbound/delivery.ts). Every ticket's statement writes a row here (its acknowledgement): these were half its 1 kB
-- row and 0.6 kB of the ticket's WAL (the tickets bench, issue 11 point 4).
-- html_body was always htmlOf(text_body) (a sealed body's HTML was already made from the opened text at sending);
-- return_path always bounces+<id hex>@ the Message-ID's domain.
alter table outbox_emails drop column html_body, drop column return_path;
-- A Message-ID is always <id>@<domain>: unique as the id is, and found by the primary key (outboxIdOfMessageId).
alter table outbox_emails drop constraint outbox_emails_message_id_key;

-- The indexes a new ticket's statement writes in time order, ascending: a new entry is the last of the index, where a
-- full page splits after it and stays full (and the rightmost page is found without a descent). Descending, each went
-- to the front, where a full page splits in half: more splits' WAL and half-empty pages (tickets_updated_idx 113 -> 84
-- B of WAL per ticket in the bench). Their readers, most recently updated (or created) first, read them backward: the
-- same order and plans. (tickets_account_idx is not among them: new entries go inside each account's range, and
-- ascending it measured the same.)
drop index tickets_updated_idx;
create index tickets_updated_idx on tickets (updated_at, id);
drop index outbox_emails_created_idx;
create index outbox_emails_created_idx on outbox_emails (created_at);

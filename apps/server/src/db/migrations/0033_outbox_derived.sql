-- What an outbox row's id gives is made when it is needed, not stored or indexed again (modules/email/outbox.ts,
-- outbound/delivery.ts). Every ticket's statement writes a row here (its acknowledgement): these were half its 1 kB
-- row and 0.6 kB of the ticket's WAL (the tickets bench, issue 11 point 4).
-- html_body was always htmlOf(text_body) (a sealed body's HTML was already made from the opened text at sending);
-- return_path always bounces+<id hex>@ the Message-ID's domain.
alter table outbox_emails drop column html_body, drop column return_path;
-- A Message-ID is always <id>@<domain>: unique as the id is, and found by the primary key (outboxIdOfMessageId).
alter table outbox_emails drop constraint outbox_emails_message_id_key;

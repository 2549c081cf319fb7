-- What an outbox row's other columns give is made when the mail is sent, not stored (modules/email/outbound/delivery.ts):
-- html_body was always htmlOf(text_body) (a sealed body's HTML was already made from the opened text at sending), and
-- return_path always bounces+<id hex>@ the Message-ID's domain. Every ticket's statement writes a row here (its
-- acknowledgement); the two were 0.45 kB of the 1 kB row and of the ticket's WAL (the tickets bench, issue 11 point 4).
alter table outbox_emails drop column html_body, drop column return_path;

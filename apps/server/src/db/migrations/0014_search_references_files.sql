-- Search finds a ticket by part of its reference and by its attachments' names
-- (issue 10 point 8). Both go into the ticket's search_vector, which the
-- full-text indexes already serve: no new index, nothing more to maintain when
-- a ticket row changes. Intake (modules/intake/pipeline.ts) and replies
-- (modules/tickets/commands.ts) call these functions, so the words are made in
-- one place. (A number inside a hyphenated code, "1187" of "R-2026-1187", which
-- the parser reads as -2026 and -1187, is found at query time: search-words.ts.)

-- The groups of a reference, a word each: "7KQ2 M9XD" of T-7KQ2-M9XD. The whole
-- reference is looked up in its own unique index; here it would add a key per
-- ticket (t-7kq2-m9xd) and the word "t" to every ticket, which no search needs.
create or replace function reference_search_text(reference text) returns text
  language sql immutable strict parallel safe
  return translate(substr(reference, 3), '-', ' ');

-- File names, one a line, as words: whole as typed ("mtr_izlaz.txt" and
-- "traceroute-web01.txt" are one word each to the parser) and in their parts
-- ("mtr izlaz txt"), so either finds the file.
create or replace function file_names_search_text(names text) returns text
  language sql immutable strict parallel safe
  return names || E'\n' || regexp_replace(names, '[[:punct:]]+', ' ', 'g');

-- Tickets from before: their vectors gain the same words, appended as a reply
-- appends its own. One UPDATE over the whole table, in this migration's
-- transaction: it writes every ticket row and its entries in all of the table's
-- indexes once. At 300,000 tickets it took 53-57 s on the shared 2-core
-- development machine under a load of 12-14 (making the words alone: 5 s), so
-- a few minutes at a million, while ticket writes wait; the old rows stay behind
-- (the table's file grew from 95 to 197 MB), space vacuum makes reusable. Fine
-- at this stage; an installation that large would batch it outside the migration.
update tickets t
set search_vector = t.search_vector || to_tsvector('centrala', concat_ws(E'\n',
  reference_search_text(t.reference),
  (select file_names_search_text(string_agg(a.filename, E'\n')) from attachments a where a.ticket_id = t.id)));

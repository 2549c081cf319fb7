-- The inbound record costs the ticket write as little as it can (issue 11:
-- "the tickets bench stays where it is"). Its ticket and message are written
-- by the same statement, so foreign keys to them prove nothing, yet each ran a
-- lookup and locked the new row (FOR KEY SHARE) per ticket. Tickets and
-- messages are never deleted, and the columns only say what the input became.
-- Nothing looks an input up by its ticket (the raw source of a message is
-- found by the inbound id the message keeps), so that index goes too.
alter table inbound drop constraint inbound_ticket_id_fkey;
alter table inbound drop constraint inbound_message_id_fkey;
drop index inbound_ticket;

-- Mail to an abuse address (mail_addresses.purpose = 'abuse') and ARF (RFC 5965) reports open tickets marked as abuse
-- reports (issue 12 point 1: stored and shown to agents until the notifications issue routes them): the console's
-- list and ticket page say so, and the queue reads it from the ticket's row rather than from its first mail.
alter table tickets add column abuse boolean not null default false;

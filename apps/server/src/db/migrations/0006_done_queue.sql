-- Resolved and closed tickets, most recently changed first: an agent filtering
-- the queue by Resolved or Closed, and a search's matches among them (issue 3).
-- Without it the first page sorted every such ticket, ~1 s at 1M tickets (80 %
-- of them resolved or closed). New tickets are open, so creating one never
-- writes to this partial index.
create index tickets_done_recent_idx on tickets (updated_at desc, id desc)
  where status in ('resolved', 'closed');

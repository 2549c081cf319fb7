-- An agent filtering the queue by Resolved or Closed (issue 3, queue filters):
-- without an index in queue order, the first page sorted every such ticket,
-- ~1 s at 1M tickets (80 % of them resolved or closed). New tickets are open,
-- so creating one never writes to this partial index.
create index tickets_done_queue_idx on tickets (priority_rank, queue_sort_at, created_at, id)
  where status in ('resolved', 'closed');

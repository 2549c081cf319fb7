-- SLA timers live on the ticket (issue 9, points 4 and 14; R7).
--
-- A running clock's next instant follows from the columns that already hold
-- it: the near-breach (80 %) instant while the ticket is 'ok', the due
-- instant once it is 'warning', none once breached or while no clock runs.
-- Every worker node's scanner (modules/sla/timers.ts) marks all tickets whose
-- instant has come in one transaction per batch, taken with FOR UPDATE SKIP
-- LOCKED: a node that dies mid-batch only rolls its transaction back, and
-- the next scan, on any node, does it again a poll later. Creating, moving
-- or stopping a clock needs no timer of its own: writing due_at, sla_clock_ms
-- and sla_state is setting, moving or cancelling the timer.
--
-- Immutable although timestamptz - interval is only stable: the interval
-- here has no days or months, so the time zone never enters the result.
create or replace function sla_next_instant(due_at timestamptz, clock_ms bigint, state text)
returns timestamptz language sql immutable parallel safe as $$
  select case
    when due_at is null or state = 'breached' then null
    -- 80 % of the clock gone: modules/sla/clock.ts warningAt().
    when state = 'ok' then due_at - coalesce(clock_ms, 0) * interval '0.2 ms'
    else due_at
  end
$$;

-- Only running clocks: the scanner's "what is due by now" and "when is the
-- next one" read a few pages, whatever the size of the table.
create index if not exists tickets_sla_next_idx on tickets (sla_next_instant(due_at, sla_clock_ms, sla_state))
  where sla_next_instant(due_at, sla_clock_ms, sla_state) is not null;

-- Databases from before held one or two graphile-worker jobs per running
-- clock (sla_warning at 80 %, sla_breach at the due instant), each keyed to
-- the due_at it was set for and a no-op once that had moved. The ticket
-- columns above are exactly what a live job was set from, so converting one
-- carries nothing over: the index now holds its instant, including for jobs
-- a dead node left locked. The jobs themselves go.
do $$
begin
  if to_regclass('graphile_worker._private_jobs') is not null then
    delete from graphile_worker._private_jobs j
    using graphile_worker._private_tasks t
    where t.id = j.task_id and t.identifier in ('sla_warning', 'sla_breach');
  end if;
end
$$;

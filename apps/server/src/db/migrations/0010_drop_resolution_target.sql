-- The "Resolution" target of an SLA policy (issue 10 point 7): stored since
-- 0002 and shown to admins, but no clock, alert or figure ever used it. The
-- product must not show a target nothing enforces, so it goes; a resolution
-- clock, if one is wanted, comes back with its due time, alerts and figures.
alter table sla_policies drop column resolution_seconds;

-- Which departments an agent works in: SLA alerts go to that department's
-- agents and to admins (issue 3). An agent in no department hears all.
create table staff_departments (
  user_id uuid not null references users (id) on delete cascade,
  department_id uuid not null references departments (id) on delete cascade,
  primary key (user_id, department_id)
);
create index staff_departments_department_idx on staff_departments (department_id);

-- Sign-in from the billing panel (issue 13 point 4): the panel signs a short-lived link with a shared secret and
-- Centrala opens a client-area session for the contact it names. See docs/billing-sso.md.

-- The one settings row: whether the link is accepted, and the shared secret sealed with the server's key
-- (AES-256-GCM, as IMAP passwords are). BILLING_SSO_SECRET, when set, overrides both.
create table billing_sso_settings (
  id boolean primary key default true check (id),
  enabled boolean not null default false,
  secret_sealed bytea,
  secret_set_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Each link's nonce, kept until the link could no longer pass the time check, so a link works once only.
-- The primary key makes the use atomic: of two requests with one link, one insert wins.
create table billing_sso_nonces (
  nonce text primary key check (length(nonce) between 16 and 128),
  expires_at timestamptz not null
);
create index billing_sso_nonces_expiry_idx on billing_sso_nonces (expires_at);

-- The audit log (0026) knows changes; a sign-in through the link and a refused link are events of their own.
alter table audit_log drop constraint audit_log_action_check,
  add constraint audit_log_action_check
  check (action in ('create', 'update', 'disable', 'enable', 'delete', 'merge', 'sign_in', 'refuse'));

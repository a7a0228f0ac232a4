-- Accounts: who a developer or staff member is. At least one contact is always present.
CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  phone text,
  email text,
  password_hash text NOT NULL,
  role text NOT NULL DEFAULT 'developer' CHECK (role IN ('developer', 'reviewer', 'admin')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  -- Failed log-ins in a row (reset on success): drives the progressive delay and the hard stop.
  failed_login_count integer NOT NULL DEFAULT 0,
  last_failed_login_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT accounts_has_contact CHECK (phone IS NOT NULL OR email IS NOT NULL),
  CONSTRAINT accounts_phone_e164 CHECK (phone IS NULL OR phone ~ '^\+[1-9][0-9]{6,14}$'),
  CONSTRAINT accounts_email_lower CHECK (email IS NULL OR email = lower(email))
);
-- Uniqueness lives in the database so two concurrent sign-ups cannot both win.
CREATE UNIQUE INDEX accounts_phone_key ON accounts (phone);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username));

-- Sessions: only the SHA-256 of the opaque token is stored.
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash bytea NOT NULL UNIQUE,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX sessions_account_idx ON sessions (account_id) WHERE ended_at IS NULL;

-- Verification codes: one row per code, with its own state; the code itself only as an HMAC.
CREATE TABLE verification_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  purpose text NOT NULL CHECK (purpose IN ('register', 'reset_password', 'verify_current_contact', 'bind_new_contact')),
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  target text NOT NULL,
  account_id uuid REFERENCES accounts (id) ON DELETE CASCADE,
  code_hmac bytea NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  voided_at timestamptz
);
CREATE INDEX verification_codes_live_idx ON verification_codes (purpose, target)
  WHERE consumed_at IS NULL AND voided_at IS NULL;

-- Every message sent to a target (codes and notices): the per-target cooldown and caps count these.
CREATE TABLE code_sends (
  id bigserial PRIMARY KEY,
  target text NOT NULL,
  purpose text NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE INDEX code_sends_target_idx ON code_sends (target, sent_at);

-- Audit log: append-only (a trigger refuses UPDATE and DELETE).
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  account_id uuid,
  actor text NOT NULL,
  ip text,
  user_agent text,
  event text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_account_idx ON audit_events (account_id, at DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- The development outbox: messages kept so they can be read back locally (never in production).
CREATE TABLE outbox_messages (
  id bigserial PRIMARY KEY,
  to_address text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  text text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX outbox_messages_to_idx ON outbox_messages (to_address, id DESC);

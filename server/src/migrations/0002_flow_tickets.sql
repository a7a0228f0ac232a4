-- Tickets: the short-lived proof that an earlier step of a server-side flow was passed
-- (a verified reset code, a verified current contact). Each is bound to one account and one
-- purpose; the token itself is only stored as its SHA-256; used once.
CREATE TABLE flow_tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash bytea NOT NULL UNIQUE,
  purpose text NOT NULL CHECK (purpose IN ('reset_password', 'change_email', 'change_phone')),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- For contact changes: the new address a code was sent to (step 2), taken from here at completion.
  new_target text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX flow_tickets_account_idx ON flow_tickets (account_id);

-- Issue 13 point 3 and issue 15 point 6.

-- Failed log-ins per typed identifier (the normalised phone or email, or the raw text when it is
-- neither), keyed by an HMAC under APP_SECRET (hex) so no identifier is kept in clear. Counted for
-- unknown identifiers exactly as for registered ones, so the throttled answer comes after the
-- same number of tries whether or not an account exists (SECURITY 14).
CREATE TABLE login_identifier_failures (
  identifier_hmac text PRIMARY KEY,
  failed_count integer NOT NULL DEFAULT 0,
  last_failed_at timestamptz
);

-- When the password was last set (the optional expiry of the mlps profile); NULL until the
-- first change: the account's created_at counts then.
ALTER TABLE accounts ADD COLUMN password_changed_at timestamptz;

-- The mlps profile's password history: the hashes (argon2id, as accounts.password_hash) of the
-- passwords an account used before; a new password may not repeat the last five.
CREATE TABLE password_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX password_history_account_idx ON password_history (account_id, created_at DESC);

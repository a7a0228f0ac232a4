-- Developer second factors (TOTP reuses the accounts.totp_* columns of 0003) and passkeys.

-- The pending log-in: after the password, before the second factor; never a session.
ALTER TABLE flow_tickets DROP CONSTRAINT flow_tickets_purpose_check;
ALTER TABLE flow_tickets ADD CONSTRAINT flow_tickets_purpose_check
  CHECK (purpose IN ('reset_password', 'change_email', 'change_phone', 'login_second_factor'));

-- Recovery codes: only their HMAC (under the app secret) is stored; each is used once.
CREATE TABLE recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  UNIQUE (account_id, code_hash)
);

-- WebAuthn credentials (passkeys). The signature counter only moves forward.
CREATE TABLE passkeys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  credential_id text NOT NULL UNIQUE,
  public_key bytea NOT NULL,
  counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz
);
CREATE INDEX passkeys_account_idx ON passkeys (account_id);

-- WebAuthn challenges: issued by the server, stored as SHA-256, single-use, short-lived.
CREATE TABLE webauthn_challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  challenge_hash bytea NOT NULL UNIQUE,
  purpose text NOT NULL CHECK (purpose IN ('register', 'login', 'second_factor')),
  -- Null for a discoverable log-in: the account is only known from the credential.
  account_id uuid REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX webauthn_challenges_expiry_idx ON webauthn_challenges (expires_at);

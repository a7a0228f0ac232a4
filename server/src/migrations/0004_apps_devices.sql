-- Third-party apps of approved developers (PRODUCT "App management"). `app_id` is the public,
-- server-made AppID ('app_' + 16 base32 characters); the owner never changes.
CREATE TABLE apps (
  app_id text PRIMARY KEY CHECK (app_id ~ '^app_[a-z2-7]{16}$'),
  owner_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 50),
  industry text NOT NULL CHECK (industry IN ('smart_home', 'smart_building', 'hospitality', 'healthcare',
    'education', 'retail', 'industrial', 'agriculture', 'energy', 'other')),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX apps_owner_idx ON apps (owner_id, created_at);

-- Keys of an app (SECURITY 36): the AppKey only AES-256-GCM sealed ("<key id>:<iv>:<tag>:<ct>").
-- A deleted key is a deleted row, so it fails at once; the audit log keeps its history.
CREATE TABLE app_keys (
  key_id text PRIMARY KEY CHECK (key_id ~ '^key_[a-z2-7]{16}$'),
  app_id text NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  secret_sealed text NOT NULL,
  state text NOT NULL CHECK (state IN ('active', 'disabled')),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz
);
CREATE INDEX app_keys_app_idx ON app_keys (app_id, created_at);

-- Nonces seen by the open API when no Redis is configured: the primary key makes "accepted
-- once" atomic; rows past `expires_at` (twice the allowed clock skew) are swept.
CREATE TABLE open_api_nonces (
  app_id text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, nonce)
);
CREATE INDEX open_api_nonces_expiry_idx ON open_api_nonces (expires_at);

-- Devices registered by apps. `device_id` is the maker's id, unique across the platform.
-- A sub-device hangs off its gateway and goes with it.
CREATE TABLE devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial NOT NULL,
  device_id text NOT NULL CHECK (char_length(device_id) BETWEEN 1 AND 64),
  owner_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  app_id text NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('device', 'gateway', 'sub_device')),
  gateway_id uuid REFERENCES devices (id) ON DELETE CASCADE,
  model text NOT NULL CHECK (char_length(model) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
  created_at timestamptz NOT NULL,
  CONSTRAINT devices_sub_has_gateway CHECK ((kind = 'sub_device') = (gateway_id IS NOT NULL))
);
CREATE UNIQUE INDEX devices_device_id_key ON devices (device_id);
CREATE INDEX devices_owner_idx ON devices (owner_id, seq);
CREATE INDEX devices_app_idx ON devices (app_id, seq);
CREATE INDEX devices_gateway_idx ON devices (gateway_id) WHERE gateway_id IS NOT NULL;

-- The owner's device count (SECURITY 38), sub-devices included. Additions reserve room with one
-- conditional UPDATE of this row in the transaction that inserts the devices:
--   UPDATE device_quota SET used = used + n WHERE owner_id = $1 AND (cap IS NULL OR used + n <= cap)
-- Concurrent reservations queue on the row lock and each re-checks the condition against the
-- committed count, so no interleaving can cross the cap. The cap itself is configuration, passed in.
CREATE TABLE device_quota (
  owner_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  used integer NOT NULL DEFAULT 0 CHECK (used >= 0)
);

-- Every removed device frees its place, whichever way it goes: removed by its app or in the
-- console, with its gateway, or with its app (cascades included).
CREATE FUNCTION devices_release_quota() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE device_quota SET used = used - 1 WHERE owner_id = OLD.owner_id;
  RETURN OLD;
END;
$$;
CREATE TRIGGER devices_release_quota AFTER DELETE ON devices
  FOR EACH ROW EXECUTE FUNCTION devices_release_quota();

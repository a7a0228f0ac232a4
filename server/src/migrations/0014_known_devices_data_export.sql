-- New-device log-in alerts: the browsers and networks each account has logged in from. A row is
-- (account, network, browser), never the full IP or user agent; kept while seen in the last 90
-- days (the maintenance job deletes older rows).
CREATE TABLE known_devices (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- The network as a CIDR prefix: /24 for IPv4, /48 for IPv6 (docs/decisions.md).
  ip_range text NOT NULL CHECK (char_length(ip_range) <= 64),
  -- Browser family and operating system, e.g. "Chrome / macOS".
  browser text NOT NULL CHECK (char_length(browser) <= 128),
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, ip_range, browser)
);
CREATE INDEX known_devices_last_seen_idx ON known_devices (last_seen_at);

-- Export my data (PIPL Art. 45): the re-authentication yields a short-lived single-use download
-- ticket (only its SHA-256 is kept), and the last export's start is kept on the account for the
-- once-an-hour limit. Its own table, not flow_tickets: that table's purpose list is re-declared
-- by later migrations.
CREATE TABLE data_export_tickets (
  token_hash bytea PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX data_export_tickets_account_idx ON data_export_tickets (account_id);
CREATE INDEX data_export_tickets_expiry_idx ON data_export_tickets (expires_at);
ALTER TABLE accounts ADD COLUMN last_data_export_at timestamptz;

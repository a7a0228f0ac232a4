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

-- Export my data (PIPL Art. 45): the re-authentication yields a short-lived download ticket, and
-- the last export's start is kept on the account for the once-an-hour limit.
ALTER TABLE flow_tickets DROP CONSTRAINT flow_tickets_purpose_check;
ALTER TABLE flow_tickets ADD CONSTRAINT flow_tickets_purpose_check
  CHECK (purpose IN ('reset_password', 'change_email', 'change_phone', 'login_second_factor', 'data_export'));
ALTER TABLE accounts ADD COLUMN last_data_export_at timestamptz;

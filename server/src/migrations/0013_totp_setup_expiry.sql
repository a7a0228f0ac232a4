-- When the unconfirmed TOTP secret was made: repeated set-up calls (a reload of /admin/mfa, a
-- second tab) hand out the same secret until it expires, so a QR code already scanned stays good.
ALTER TABLE accounts ADD COLUMN totp_secret_set_at timestamptz;

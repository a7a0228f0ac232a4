-- Issue 14, finding 2 (SECURITY 12): a wrong password for a registered account must cost the same
-- database work as any password for an unknown one. The account's failure counter was a column
-- of accounts: a registered account's failure rewrote its row, an unknown one's update matched
-- nothing (about 0.06 ms apart on PostgreSQL, AUC up to 0.55). The account's counter now lives
-- beside the typed identifiers' counters, in one table of keyed counters, and an unknown
-- identifier keeps a decoy account counter there: a failed log-in upserts two rows either way.

ALTER TABLE login_identifier_failures RENAME TO login_failures;
ALTER TABLE login_failures RENAME COLUMN identifier_hmac TO key;
ALTER INDEX login_identifier_failures_pkey RENAME TO login_failures_pkey;

-- The key of an account's own counter (accountFailureKey in platform/login-failures-repository.ts
-- computes the same in the app).
-- Not secret: an account id is random and says nothing about a person; the typed identifiers'
-- keys stay HMACs under APP_SECRET.
CREATE FUNCTION account_failure_key(account_id uuid) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(('account:' || account_id::text)::bytea), 'hex')
$$;

INSERT INTO login_failures (key, failed_count, last_failed_at)
  SELECT account_failure_key(id), failed_login_count, last_failed_login_at FROM accounts WHERE failed_login_count > 0;
ALTER TABLE accounts DROP COLUMN failed_login_count, DROP COLUMN last_failed_login_at;

-- An erased account's counter goes with it.
CREATE FUNCTION login_failures_follow_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM login_failures WHERE key = account_failure_key(OLD.id);
  RETURN OLD;
END;
$$;
CREATE TRIGGER accounts_delete_failures AFTER DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION login_failures_follow_account();

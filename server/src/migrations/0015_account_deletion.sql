-- Issue 15, point 5: "delete my account" (PIPL Art. 47). A request deactivates the account at
-- once (status 'deleting'); after the cooling-off the maintenance job erases it. See
-- docs/decisions.md "Account deletion" for what is erased and what is kept.

ALTER TABLE accounts DROP CONSTRAINT accounts_status_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_status_check CHECK (status IN ('active', 'disabled', 'deleting'));

ALTER TABLE verification_codes DROP CONSTRAINT verification_codes_purpose_check;
ALTER TABLE verification_codes ADD CONSTRAINT verification_codes_purpose_check
  CHECK (purpose IN ('register', 'reset_password', 'verify_current_contact', 'bind_new_contact', 'delete_account'));

-- The log-in of an account pending deletion yields only this ticket: it can cancel the deletion, nothing else.
ALTER TABLE flow_tickets DROP CONSTRAINT flow_tickets_purpose_check;
ALTER TABLE flow_tickets ADD CONSTRAINT flow_tickets_purpose_check
  CHECK (purpose IN ('reset_password', 'change_email', 'change_phone', 'login_second_factor', 'deletion_cancel'));

-- One row per request, with its own state (pending → cancelled | erased). Its id is the
-- tombstone: at the erase it replaces the account's id in the audit log, and the account link
-- goes (ON DELETE SET NULL), so nothing ties the tombstone back to a person.
CREATE TABLE account_deletions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
  state text NOT NULL CHECK (state IN ('pending', 'cancelled', 'erased')),
  requested_at timestamptz NOT NULL,
  erase_after timestamptz NOT NULL,
  cancelled_at timestamptz,
  erased_at timestamptz,
  -- 'system' (the maintenance pass after the cooling-off) or 'staff:<id>' (an admin's immediate erase).
  erased_by text,
  CONSTRAINT account_deletions_pending_has_account CHECK (state <> 'pending' OR account_id IS NOT NULL),
  CONSTRAINT account_deletions_erased_unlinked CHECK ((state = 'erased') = (erased_at IS NOT NULL)),
  CONSTRAINT account_deletions_cancelled_at CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE UNIQUE INDEX account_deletions_pending_key ON account_deletions (account_id) WHERE state = 'pending';
CREATE INDEX account_deletions_due_idx ON account_deletions (erase_after) WHERE state = 'pending';
CREATE INDEX account_deletions_account_idx ON account_deletions (account_id);

-- The one exception to "append-only" and "approved is immutable": the erase of one account.
-- The erase declares, inside its own transaction (set_config(..., true): gone at commit or
-- rollback), the account it erases and that account's tombstone. Then, and only then:
--   * an audit row of that account may have its account_id replaced by the tombstone, and
--     keys removed from its details (never added or changed);
--   * a system row about a message (details.messageId) may lose keys of its details (the masked
--     recipient); its account_id stays;
--   * every other column (id, at, actor, ip, user_agent, event, outcome) must stay as it was;
--   * DELETE stays refused, for every row, always (retention drops whole monthly partitions);
--   * that account's approved certification may be deleted (the identity HMAC is released).
-- Any other statement is refused exactly as before.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  erasing text := nullif(current_setting('devplat.erasing_account', true), '');
  tombstone text := nullif(current_setting('devplat.erasing_tombstone', true), '');
BEGIN
  IF TG_OP = 'UPDATE' AND erasing IS NOT NULL AND tombstone IS NOT NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
     AND NEW.event = OLD.event AND NEW.outcome = OLD.outcome
     AND NEW.ip IS NOT DISTINCT FROM OLD.ip AND NEW.user_agent IS NOT DISTINCT FROM OLD.user_agent
     AND NEW.details <@ OLD.details
     AND ((OLD.account_id::text = erasing AND NEW.account_id::text = tombstone)
          OR (OLD.account_id IS NULL AND NEW.account_id IS NULL AND OLD.actor = 'system' AND OLD.details ? 'messageId'))
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;

CREATE OR REPLACE FUNCTION certifications_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'approved'
     AND OLD.account_id::text IS DISTINCT FROM nullif(current_setting('devplat.erasing_account', true), '') THEN
    RAISE EXCEPTION 'certification is approved and immutable' USING ERRCODE = 'P0001', HINT = 'certification.immutable';
  END IF;
  RETURN OLD;
END;
$$;

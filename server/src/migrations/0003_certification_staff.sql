-- Uploaded certification files: encrypted (AES-256-GCM) inside the database, under server-made
-- ids, never inside a static root. Each belongs to one account.
CREATE TABLE uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('business_licence', 'id_front', 'id_back')),
  mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
  size integer NOT NULL,
  -- "<key id>:<iv>:<tag>" ; the ciphertext in `content`.
  envelope text NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX uploads_account_idx ON uploads (account_id);

-- The developer's certification: one row per account once first submitted (no row = unsubmitted).
-- `version` grows with every submission and decision so two reviewers cannot both decide.
CREATE TABLE certifications (
  account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('enterprise', 'personal')),
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  version integer NOT NULL DEFAULT 1,
  current_submission_id uuid NOT NULL,
  -- HMAC of the resident ID number (personal) or credit code (enterprise): one per certified account.
  identity_hmac bytea NOT NULL,
  submitted_at timestamptz NOT NULL,
  deadline date NOT NULL,
  decided_at timestamptz,
  decided_by uuid REFERENCES accounts (id),
  reject_reason text CHECK (reject_reason IS NULL OR char_length(reject_reason) BETWEEN 1 AND 256),
  CONSTRAINT certifications_reason_when_rejected CHECK ((state = 'rejected') = (reject_reason IS NOT NULL))
);
-- One ID number / credit code may back at most one account that is pending or approved.
CREATE UNIQUE INDEX certifications_identity_key ON certifications (identity_hmac) WHERE state IN ('pending', 'approved');
CREATE INDEX certifications_queue_idx ON certifications (state, deadline);

-- The state machine, enforced by the database whatever the code does (SECURITY 31):
--   pending → pending (edit) | approved | rejected;  rejected → pending (resubmit);  approved → nothing.
CREATE FUNCTION certifications_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'approved' THEN
    RAISE EXCEPTION 'certification is approved and immutable' USING ERRCODE = 'P0001', HINT = 'certification.immutable';
  END IF;
  IF NOT ((OLD.state = 'pending' AND NEW.state IN ('pending', 'approved', 'rejected'))
       OR (OLD.state = 'rejected' AND NEW.state = 'pending')) THEN
    RAISE EXCEPTION 'transition % -> % not allowed', OLD.state, NEW.state USING ERRCODE = 'P0001', HINT = 'certification.transition';
  END IF;
  IF NEW.version <> OLD.version + 1 THEN
    RAISE EXCEPTION 'version must grow by one' USING ERRCODE = 'P0001', HINT = 'certification.transition';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER certifications_state_machine BEFORE UPDATE ON certifications
  FOR EACH ROW EXECUTE FUNCTION certifications_transition();
CREATE FUNCTION certifications_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'approved' THEN
    RAISE EXCEPTION 'certification is approved and immutable' USING ERRCODE = 'P0001', HINT = 'certification.immutable';
  END IF;
  RETURN OLD;
END;
$$;
CREATE TRIGGER certifications_keep_approved BEFORE DELETE ON certifications
  FOR EACH ROW EXECUTE FUNCTION certifications_no_delete();

-- Every submission, kept as history. Sensitive values are encrypted; names and addresses are not
-- secrets but are only shown to the owner and staff.
CREATE TABLE certification_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('enterprise', 'personal')),
  -- enterprise: companyName, address, contactName, contactPhone; personal: realName, contactPhone
  fields jsonb NOT NULL,
  -- The credit code or ID number, AES-256-GCM ("<key id>:<iv>:<tag>:<ciphertext>"), and its mask.
  identity_encrypted text NOT NULL,
  identity_masked text NOT NULL,
  file_ids uuid[] NOT NULL,
  consent_version text NOT NULL,
  consented_at timestamptz NOT NULL,
  submitted_at timestamptz NOT NULL,
  deadline date NOT NULL,
  decision text CHECK (decision IN ('approved', 'rejected')),
  reject_reason text,
  decided_at timestamptz,
  decided_by uuid REFERENCES accounts (id)
);
CREATE INDEX certification_submissions_account_idx ON certification_submissions (account_id, submitted_at DESC);

-- Staff second factor (RFC 6238 TOTP): the secret encrypted; the last accepted time step refuses replays.
ALTER TABLE accounts ADD COLUMN totp_secret text;
ALTER TABLE accounts ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE accounts ADD COLUMN totp_last_step bigint;
-- A staff session is half-open until its TOTP is verified.
ALTER TABLE sessions ADD COLUMN mfa_pending boolean NOT NULL DEFAULT false;

CREATE FUNCTION certifications_first_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state <> 'pending' OR NEW.version <> 1 THEN
    RAISE EXCEPTION 'a certification starts pending at version 1' USING ERRCODE = 'P0001', HINT = 'certification.transition';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER certifications_insert_pending BEFORE INSERT ON certifications
  FOR EACH ROW EXECUTE FUNCTION certifications_first_state();

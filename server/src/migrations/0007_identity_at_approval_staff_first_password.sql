-- Issue 14, finding 4: a submission whose ID number / credit code another account holds is no
-- longer refused (the refusal told anyone whether that person or company is certified here).
-- It is accepted as pending; the reviewer sees the conflict, and uniqueness holds among
-- approved certifications only: approval is where the rule is enforced.
DROP INDEX certifications_identity_key;
CREATE UNIQUE INDEX certifications_identity_approved_key ON certifications (identity_hmac) WHERE state = 'approved';
-- The reviewer's conflict look-up: other accounts, pending or approved, with the same identity.
CREATE INDEX certifications_identity_idx ON certifications (identity_hmac) WHERE state IN ('pending', 'approved');

-- Issue 14, finding 8: a staff member's first password (printed by `npm run staff -- create`)
-- must be changed at the first log-in, before the TOTP set-up. Any new password clears it.
ALTER TABLE accounts ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;

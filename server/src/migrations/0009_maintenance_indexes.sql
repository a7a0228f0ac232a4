-- What maintenance looks rows up by, so each batch of its deletes is an index range.
CREATE INDEX verification_codes_expiry_idx ON verification_codes (expires_at);
CREATE INDEX code_sends_sent_at_idx ON code_sends (sent_at);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);
CREATE INDEX sessions_ended_idx ON sessions (ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX flow_tickets_expiry_idx ON flow_tickets (expires_at);
CREATE INDEX uploads_created_idx ON uploads (created_at);
-- "Is this upload part of a submission?" for the sweep of files never attached (PIPL minimisation).
CREATE INDEX certification_submissions_files_idx ON certification_submissions USING gin (file_ids);

-- Issue 9 point 7 and issue 14 finding 1.

-- Solved proof-of-work challenges (ALTCHA), remembered until they expire so each is accepted
-- once (issue 9, point 7). Used only without Redis; with Redis the same claim is a SET NX EX.
CREATE TABLE used_challenges (
  signature text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX used_challenges_expiry_idx ON used_challenges (expires_at);

-- A code request with nothing to deliver (forgot-password for an unknown contact) writes its
-- outbox row as 'suppressed': the same insert as a real message, so the request takes the same
-- time (SECURITY 13, issue 14 finding 1); the worker never claims it and it carries no params.
ALTER TABLE message_outbox DROP CONSTRAINT message_outbox_status_check;
ALTER TABLE message_outbox ADD CONSTRAINT message_outbox_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'abandoned', 'expired', 'throttled', 'suppressed'));
-- The due index covers suppressed rows too, so their insert updates the same indexes as a
-- queued message's; the worker's queries (status IN ('queued', 'sending')) still use it.
DROP INDEX message_outbox_due_idx;
CREATE INDEX message_outbox_due_idx ON message_outbox (next_attempt_at)
  WHERE status IN ('queued', 'sending', 'suppressed');

-- Solved proof-of-work challenges (ALTCHA), remembered until they expire so each is accepted
-- once (issue 9, point 7). Used only without Redis; with Redis the same claim is a SET NX EX.
CREATE TABLE used_challenges (
  signature text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX used_challenges_expiry_idx ON used_challenges (expires_at);

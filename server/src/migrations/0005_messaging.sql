-- The recipient's language (issue 9): every message to an account uses it, never the actor's.
ALTER TABLE accounts ADD COLUMN locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));

-- The durable outbox (Ory Kratos' courier pattern): a row is written in the same transaction as
-- the code or change that causes it, and the worker of any node delivers it.
CREATE TABLE message_outbox (
  id bigserial PRIMARY KEY,
  template text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  -- The template params as JSON sealed with the vault (they may hold a code); NULL once the
  -- message is sent, abandoned or expired.
  sealed_params text,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'abandoned', 'expired', 'throttled')),
  attempts integer NOT NULL DEFAULT 0,
  -- When it may be claimed next; while 'sending' it is the end of the claim's lease.
  next_attempt_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  provider text,
  provider_message_id text,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK (status IN ('queued', 'sending') OR sealed_params IS NULL)
);
CREATE INDEX message_outbox_due_idx ON message_outbox (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX message_outbox_recent_idx ON message_outbox (created_at DESC, id DESC);

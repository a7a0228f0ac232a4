-- The audit log, partitioned by month on `at`, so retention drops whole months (DROP TABLE of a
-- partition) while writers can still only append: the append-only trigger of 0001 is recreated
-- on the partitioned table, which gives it to every partition. Partitions are named
-- audit_events_pYYYYMM; maintenance creates the coming months ahead. A row for a month without
-- a partition (maintenance stopped for months, a clock far off) lands in audit_events_default
-- instead of failing the request: the audit event is never lost, only kept longer.
ALTER TABLE audit_events RENAME TO audit_events_unpartitioned;
ALTER INDEX audit_events_pkey RENAME TO audit_events_unpartitioned_pkey;
ALTER INDEX audit_events_account_idx RENAME TO audit_events_unpartitioned_account_idx;
ALTER SEQUENCE audit_events_id_seq OWNED BY NONE;

CREATE TABLE audit_events (
  id bigint NOT NULL DEFAULT nextval('audit_events_id_seq'),
  at timestamptz NOT NULL,
  account_id uuid,
  actor text NOT NULL,
  ip text,
  user_agent text,
  event text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- A partitioned table's unique keys must contain the partition key.
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE audit_events_id_seq OWNED BY audit_events.id;
CREATE INDEX audit_events_account_idx ON audit_events (account_id, at DESC);
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- Creates the partition of the month starting at `month` (UTC) unless it exists; returns false,
-- creating nothing, when the default partition already holds rows of that month (they would
-- have to move, and the audit log does not move rows).
CREATE FUNCTION audit_events_ensure_partition(month date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  name text := 'audit_events_p' || to_char(month, 'YYYYMM');
  low timestamptz := (date_trunc('month', month::timestamp) AT TIME ZONE 'UTC');
  high timestamptz := ((date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC');
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN true;
  END IF;
  IF EXISTS (SELECT 1 FROM audit_events_default WHERE at >= low AND at < high) THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', name, low, high);
  RETURN true;
END;
$$;

-- Partitions for every month already logged, and this month and the next two.
SELECT audit_events_ensure_partition(m::date)
  FROM (SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC') AS m FROM audit_events_unpartitioned
        UNION SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + n * interval '1 month' FROM generate_series(0, 2) AS n) months;
INSERT INTO audit_events (id, at, account_id, actor, ip, user_agent, event, outcome, details)
  SELECT id, at, account_id, actor, ip, user_agent, event, outcome, details FROM audit_events_unpartitioned;
DROP TABLE audit_events_unpartitioned;

import type { Queryable } from '../db/index.js';

/**
 * One batch of a cleanup: at most `limit` rows matching `where` (its parameters from $2 on), taken
 * with `FOR UPDATE SKIP LOCKED` so nodes running maintenance at the same time take disjoint rows
 * and never wait on each other or on a request holding one of them.
 */
const batch = (table: string, key: string, where: string) =>
  `DELETE FROM ${table} WHERE (${key}) IN (
     SELECT ${key} FROM ${table} WHERE ${where} LIMIT $1 FOR UPDATE SKIP LOCKED)`;

const PARTITION = /^audit_events_p(\d{4})(\d{2})$/;

/** SQL of the maintenance job: batched deletes and the audit log's monthly partitions. */
export function createMaintenanceRepository() {
  const run = async (q: Queryable, sql: string, params: unknown[]) => (await q.query(sql, params)).rowCount;
  return {
    /** Codes past their expiry: no longer usable, whatever their state. */
    expiredCodes: (q: Queryable, limit: number, now: Date) =>
      run(q, batch('verification_codes', 'id', 'expires_at < $2'), [limit, now]),
    /** Send records older than the longest window a throttle counts. */
    oldCodeSends: (q: Queryable, limit: number, before: Date) =>
      run(q, batch('code_sends', 'id', 'sent_at < $2'), [limit, before]),
    /** Sessions ended, or past their absolute expiry, before `before`. */
    oldSessions: (q: Queryable, limit: number, before: Date) =>
      run(q, batch('sessions', 'id', 'ended_at < $2 OR expires_at < $2'), [limit, before]),
    /** Tickets used or expired. */
    deadTickets: (q: Queryable, limit: number, now: Date) =>
      run(q, batch('flow_tickets', 'id', 'consumed_at IS NOT NULL OR expires_at < $2'), [limit, now]),
    expiredNonces: (q: Queryable, limit: number, now: Date) =>
      run(q, batch('open_api_nonces', 'app_id, nonce', 'expires_at <= $2'), [limit, now]),
    /** Outbox rows in a final state (sent, abandoned, expired, throttled) last touched before `before`. */
    finishedMessages: (q: Queryable, limit: number, before: Date) =>
      run(q, batch('message_outbox', 'id', `status NOT IN ('queued', 'sending') AND updated_at < $2`), [limit, before]),
    /** Known log-in devices last seen before `before`. */
    staleKnownDevices: (q: Queryable, limit: number, before: Date) =>
      run(q, batch('known_devices', 'account_id, ip_range, browser', 'last_seen_at < $2'), [limit, before]),
    /** Uploads made before `before` that no submission lists. */
    unattachedUploads: (q: Queryable, limit: number, before: Date) =>
      run(
        q,
        batch(
          'uploads',
          'id',
          `created_at < $2 AND NOT EXISTS (
             SELECT 1 FROM certification_submissions s WHERE s.file_ids @> ARRAY[uploads.id])`,
        ),
        [limit, before],
      ),

    /** True when this transaction may manage partitions (one node at a time; the others skip). */
    async lockPartitions(q: Queryable): Promise<boolean> {
      const { rows } = await q.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(727002) AS ok');
      return rows[0]!.ok;
    },
    /** Creates the month's partition (migration 0008's function); false if the default partition holds its rows. */
    async ensureAuditPartition(q: Queryable, monthStart: string): Promise<boolean> {
      const { rows } = await q.query<{ ok: boolean }>('SELECT audit_events_ensure_partition($1::date) AS ok', [
        monthStart,
      ]);
      return rows[0]!.ok;
    },
    /** The monthly partitions, as { name, month start (UTC) }. */
    async auditPartitions(q: Queryable): Promise<{ name: string; start: Date }[]> {
      const { rows } = await q.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'audit_events'::regclass`,
      );
      return rows.flatMap(({ name }) => {
        const m = PARTITION.exec(name);
        return m ? [{ name, start: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) }] : [];
      });
    },
    /** Drops one monthly partition whole: no row trigger fires, the append-only rule holds for writers. */
    async dropAuditPartition(q: Queryable, name: string) {
      // The name is one of auditPartitions(), checked against the pattern again before it is quoted in.
      if (!PARTITION.test(name)) throw new Error(`not an audit partition: ${name}`);
      await q.query(`DROP TABLE "${name}"`);
    },
  };
}

export type MaintenanceRepository = ReturnType<typeof createMaintenanceRepository>;

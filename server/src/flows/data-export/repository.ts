import type { Queryable } from '../../platform/db/index.js';
import type { AuditExportRow } from '../audit-export/repository.js';
import type { SubmissionRow } from '../certification/repository.js';

/**
 * SQL of "export my data": every read is one account's rows (`WHERE account_id / owner_id = $1`),
 * so no other account's data can be in the file. Secrets stay out at the SELECT: no password hash,
 * TOTP secret, recovery-code hash, session token hash, passkey public key or AppKey secret.
 */
export function createDataExportRepository() {
  const rows = async <T>(q: Queryable, sql: string, params: unknown[]) => (await q.query<T>(sql, params)).rows;
  return {
    /**
     * Claims this hour's export for the account: true, and the time noted, when the last one is
     * older than `since` (or there was none). One conditional UPDATE, so two downloads at once
     * cannot both pass.
     */
    async claimExport(q: Queryable, accountId: string, now: Date, since: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE accounts SET last_data_export_at = $2
          WHERE id = $1 AND (last_data_export_at IS NULL OR last_data_export_at <= $3)`,
        [accountId, now, since],
      );
      return rowCount > 0;
    },

    async lastExportAt(q: Queryable, accountId: string): Promise<Date | null> {
      const [row] = await rows<{ at: Date | null }>(q, 'SELECT last_data_export_at AS at FROM accounts WHERE id = $1', [
        accountId,
      ]);
      return row?.at ?? null;
    },

    account: async (q: Queryable, accountId: string) =>
      (
        await rows<{
          id: string;
          username: string;
          phone: string | null;
          email: string | null;
          role: string;
          status: string;
          locale: string;
          created_at: Date;
          updated_at: Date;
          totp_enabled_at: Date | null;
          recovery_codes_left: number;
        }>(
          q,
          `SELECT id, username, phone, email, role, status, locale, created_at, updated_at, totp_enabled_at,
                  (SELECT count(*)::int FROM recovery_codes r WHERE r.account_id = a.id AND r.used_at IS NULL)
                    AS recovery_codes_left
             FROM accounts a WHERE id = $1`,
          [accountId],
        )
      )[0] ?? null,

    passkeys: (q: Queryable, accountId: string) =>
      rows<{ id: string; name: string; transports: string[]; created_at: Date; last_used_at: Date | null }>(
        q,
        `SELECT id, name, transports, created_at, last_used_at FROM passkeys WHERE account_id = $1 ORDER BY created_at`,
        [accountId],
      ),

    sessions: (q: Queryable, accountId: string) =>
      rows<{
        id: string;
        created_at: Date;
        last_seen_at: Date;
        expires_at: Date;
        ended_at: Date | null;
        end_reason: string | null;
        ip: string | null;
        user_agent: string | null;
      }>(
        q,
        `SELECT id, created_at, last_seen_at, expires_at, ended_at, end_reason, ip, user_agent
           FROM sessions WHERE account_id = $1 ORDER BY created_at DESC`,
        [accountId],
      ),

    securityEvents: (q: Queryable, accountId: string) =>
      rows<Omit<AuditExportRow, 'id' | 'account_id'>>(
        q,
        `SELECT at, actor, ip, user_agent, event, outcome, details FROM audit_events
          WHERE account_id = $1 ORDER BY at DESC, id DESC`,
        [accountId],
      ),

    certification: async (q: Queryable, accountId: string) =>
      (
        await rows<{
          type: string;
          state: string;
          version: number;
          submitted_at: Date;
          deadline: string;
          decided_at: Date | null;
          reject_reason: string | null;
        }>(
          q,
          `SELECT type, state, version, submitted_at, deadline::text AS deadline, decided_at, reject_reason
             FROM certifications WHERE account_id = $1`,
          [accountId],
        )
      )[0] ?? null,

    submissions: (q: Queryable, accountId: string) =>
      rows<Omit<SubmissionRow, 'account_id'>>(
        q,
        `SELECT id, type, fields, identity_encrypted, identity_masked, file_ids, consent_version, consented_at,
                submitted_at, deadline::text AS deadline, decision, reject_reason, decided_at
           FROM certification_submissions WHERE account_id = $1 ORDER BY submitted_at, id`,
        [accountId],
      ),

    /** The account's uploads without their content (read one at a time by `uploadContent`). */
    uploads: (q: Queryable, accountId: string) =>
      rows<{ id: string; kind: string; mime: string; size: number; created_at: Date }>(
        q,
        `SELECT id, kind, mime, size, created_at FROM uploads WHERE account_id = $1 ORDER BY created_at, id`,
        [accountId],
      ),

    uploadContent: async (q: Queryable, accountId: string, id: string) =>
      (
        await rows<{ envelope: string; content: Uint8Array }>(
          q,
          'SELECT envelope, content FROM uploads WHERE id = $1 AND account_id = $2',
          [id, accountId],
        )
      )[0] ?? null,

    apps: (q: Queryable, accountId: string) =>
      rows<{ app_id: string; name: string; industry: string; description: string; created_at: Date; updated_at: Date }>(
        q,
        `SELECT app_id, name, industry, description, created_at, updated_at FROM apps
          WHERE owner_id = $1 ORDER BY created_at, app_id`,
        [accountId],
      ),

    appKeys: (q: Queryable, accountId: string) =>
      rows<{ key_id: string; app_id: string; state: string; created_at: Date; last_used_at: Date | null }>(
        q,
        `SELECT k.key_id, k.app_id, k.state, k.created_at, k.last_used_at
           FROM app_keys k JOIN apps a ON a.app_id = k.app_id
          WHERE a.owner_id = $1 ORDER BY k.created_at, k.key_id`,
        [accountId],
      ),

    devices: (q: Queryable, accountId: string) =>
      rows<{
        device_id: string;
        app_id: string;
        kind: string;
        gateway_device_id: string | null;
        model: string;
        name: string;
        created_at: Date;
      }>(
        q,
        `SELECT d.device_id, d.app_id, d.kind, g.device_id AS gateway_device_id, d.model, d.name, d.created_at
           FROM devices d LEFT JOIN devices g ON g.id = d.gateway_id AND g.owner_id = d.owner_id
          WHERE d.owner_id = $1 ORDER BY d.seq`,
        [accountId],
      ),
  };
}

export type DataExportRepository = ReturnType<typeof createDataExportRepository>;

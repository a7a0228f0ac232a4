import type { Queryable } from '../../platform/db/index.js';

export interface AppRow {
  app_id: string;
  owner_id: string;
  name: string;
  industry: string;
  description: string;
  created_at: Date;
  updated_at: Date;
}

export interface KeyRow {
  key_id: string;
  app_id: string;
  secret_sealed: string;
  state: 'active' | 'disabled';
  created_at: Date;
  last_used_at: Date | null;
}

export interface AppFields {
  name: string;
  industry: string;
  description: string;
}

const APP_COLUMNS = 'app_id, owner_id, name, industry, description, created_at, updated_at';
const KEY_COLUMNS = 'key_id, app_id, secret_sealed, state, created_at, last_used_at';

/** SQL for apps and their keys. Every lookup by id is scoped to the owner (SECURITY 27). */
export function createAppsRepository() {
  return {
    async insertApp(q: Queryable, appId: string, ownerId: string, f: AppFields, now: Date): Promise<AppRow> {
      const { rows } = await q.query<AppRow>(
        `INSERT INTO apps (app_id, owner_id, name, industry, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${APP_COLUMNS}`,
        [appId, ownerId, f.name, f.industry, f.description, now],
      );
      return rows[0]!;
    },

    async listApps(q: Queryable, ownerId: string): Promise<AppRow[]> {
      const { rows } = await q.query<AppRow>(
        `SELECT ${APP_COLUMNS} FROM apps WHERE owner_id = $1 ORDER BY created_at DESC, app_id`,
        [ownerId],
      );
      return rows;
    },

    /** The owner's app; `lock` takes the row lock that serialises key changes of one app. */
    async findApp(q: Queryable, ownerId: string, appId: string, lock = false): Promise<AppRow | null> {
      const { rows } = await q.query<AppRow>(
        `SELECT ${APP_COLUMNS} FROM apps WHERE app_id = $1 AND owner_id = $2${lock ? ' FOR UPDATE' : ''}`,
        [appId, ownerId],
      );
      return rows[0] ?? null;
    },

    async updateApp(
      q: Queryable,
      ownerId: string,
      appId: string,
      f: Partial<AppFields>,
      now: Date,
    ): Promise<AppRow | null> {
      const { rows } = await q.query<AppRow>(
        `UPDATE apps SET name = COALESCE($3, name), industry = COALESCE($4, industry),
           description = COALESCE($5, description), updated_at = $6
         WHERE app_id = $1 AND owner_id = $2 RETURNING ${APP_COLUMNS}`,
        [appId, ownerId, f.name ?? null, f.industry ?? null, f.description ?? null, now],
      );
      return rows[0] ?? null;
    },

    /** Deletes the app with its keys and devices (the devices' trigger frees their quota). */
    async deleteApp(q: Queryable, ownerId: string, appId: string): Promise<boolean> {
      const { rowCount } = await q.query('DELETE FROM apps WHERE app_id = $1 AND owner_id = $2', [appId, ownerId]);
      return rowCount > 0;
    },

    async insertKey(q: Queryable, keyId: string, appId: string, sealed: string, now: Date): Promise<KeyRow> {
      const { rows } = await q.query<KeyRow>(
        `INSERT INTO app_keys (key_id, app_id, secret_sealed, state, created_at)
         VALUES ($1, $2, $3, 'active', $4) RETURNING ${KEY_COLUMNS}`,
        [keyId, appId, sealed, now],
      );
      return rows[0]!;
    },

    async listKeys(q: Queryable, appId: string): Promise<KeyRow[]> {
      const { rows } = await q.query<KeyRow>(
        `SELECT ${KEY_COLUMNS} FROM app_keys WHERE app_id = $1 ORDER BY created_at, key_id`,
        [appId],
      );
      return rows;
    },

    async countActiveKeys(q: Queryable, appId: string): Promise<number> {
      const { rows } = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM app_keys WHERE app_id = $1 AND state = 'active'`,
        [appId],
      );
      return rows[0]!.n;
    },

    async setKeyState(q: Queryable, appId: string, keyId: string, state: KeyRow['state']): Promise<KeyRow | null> {
      const { rows } = await q.query<KeyRow>(
        `UPDATE app_keys SET state = $3 WHERE app_id = $1 AND key_id = $2 RETURNING ${KEY_COLUMNS}`,
        [appId, keyId, state],
      );
      return rows[0] ?? null;
    },

    async findKey(q: Queryable, appId: string, keyId: string): Promise<KeyRow | null> {
      const { rows } = await q.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM app_keys WHERE app_id = $1 AND key_id = $2`, [
        appId,
        keyId,
      ]);
      return rows[0] ?? null;
    },

    async deleteKey(q: Queryable, appId: string, keyId: string): Promise<boolean> {
      const { rowCount } = await q.query('DELETE FROM app_keys WHERE app_id = $1 AND key_id = $2', [appId, keyId]);
      return rowCount > 0;
    },

    /** The key an open API request names, with its app's owner; null when unknown or deleted. */
    async findKeyForSigning(
      q: Queryable,
      appId: string,
      keyId: string,
    ): Promise<(KeyRow & { owner_id: string; owner_status: string }) | null> {
      const { rows } = await q.query<KeyRow & { owner_id: string; owner_status: string }>(
        `SELECT k.key_id, k.app_id, k.secret_sealed, k.state, k.created_at, k.last_used_at, a.owner_id,
           o.status AS owner_status
         FROM app_keys k JOIN apps a ON a.app_id = k.app_id JOIN accounts o ON o.id = a.owner_id
         WHERE k.key_id = $1 AND k.app_id = $2`,
        [keyId, appId],
        // Every open API request starts here: parsed and planned once per connection.
        { name: 'open_api_key' },
      );
      return rows[0] ?? null;
    },

    /** Sets the last-used time unless it was written after `unlessSince` (the service's write rate). */
    async touchKey(q: Queryable, keyId: string, now: Date, unlessSince: Date): Promise<void> {
      await q.query(
        `UPDATE app_keys SET last_used_at = $2
         WHERE key_id = $1 AND (last_used_at IS NULL OR last_used_at < $3)`,
        [keyId, now, unlessSince],
      );
    },
  };
}

export type AppsRepository = ReturnType<typeof createAppsRepository>;

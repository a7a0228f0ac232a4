import type { Queryable } from '../../platform/db/index.js';

export type DeviceKind = 'device' | 'gateway' | 'sub_device';

export interface DeviceRow {
  id: string;
  device_id: string;
  app_id: string;
  kind: DeviceKind;
  gateway_device_id: string | null;
  model: string;
  name: string;
  created_at: Date;
}

export interface NewDevice {
  deviceId: string;
  model: string;
  name: string;
}

/** Whose devices a query sees: an app (open API) or a developer (console). */
export type DeviceScope = { appId: string } | { ownerId: string };

const scopeSql = (scope: DeviceScope, param: string) =>
  'appId' in scope
    ? { where: `d.app_id = ${param}`, value: scope.appId }
    : { where: `d.owner_id = ${param}`, value: scope.ownerId };

/** The console's list: a developer's devices, optionally of one app, optionally top level only. */
export interface ConsoleListFilter {
  ownerId: string;
  appId: string | null;
  /** Devices and gateways only; their sub-devices come with `subDevicesOf`. */
  topLevel: boolean;
}

const SELECT = `SELECT d.id, d.device_id, d.app_id, d.kind, g.device_id AS gateway_device_id, d.model, d.name, d.created_at
  FROM devices d LEFT JOIN devices g ON g.id = d.gateway_id`;

/**
 * One page (newest first) and the count of all rows matching `where`, in one statement: the count
 * is the outer row, so a page past the end still says how many there are. The limit and offset
 * are the last two of `params`. A named statement (`name`, one per SQL text): the open API's list
 * is a hot path (issue 12).
 */
async function pageWithTotal(
  q: Queryable,
  name: string,
  where: string,
  params: unknown[],
): Promise<{ rows: DeviceRow[]; total: number }> {
  const n = params.length;
  const { rows } = await q.query<Partial<DeviceRow> & { total: number }>(
    `SELECT t.total, p.* FROM (SELECT count(*)::int AS total FROM devices d WHERE ${where}) t
     LEFT JOIN LATERAL (${SELECT} WHERE ${where} ORDER BY d.seq DESC LIMIT $${n - 1} OFFSET $${n}) p ON true`,
    params,
    { name },
  );
  return {
    rows: rows.filter((r): r is DeviceRow & { total: number } => r.id != null).map(({ total: _, ...row }) => row),
    total: rows[0]!.total,
  };
}

/** SQL for devices and the per-owner device counter. */
export function createDevicesRepository() {
  return {
    async ensureQuotaRow(q: Queryable, ownerId: string): Promise<void> {
      await q.query('INSERT INTO device_quota (owner_id) VALUES ($1) ON CONFLICT (owner_id) DO NOTHING', [ownerId]);
    },

    /**
     * Reserves `n` places in one statement (SECURITY 38). Concurrent reservations queue on the row
     * lock and each re-evaluates the WHERE against the latest committed count, so the cap holds
     * under any interleaving. Null when the reservation would cross the cap.
     */
    async reserve(q: Queryable, ownerId: string, n: number, cap: number | null): Promise<number | null> {
      const { rows } = await q.query<{ used: number }>(
        `UPDATE device_quota SET used = used + $2
         WHERE owner_id = $1 AND ($3::integer IS NULL OR used + $2 <= $3::integer) RETURNING used`,
        [ownerId, n, cap],
      );
      return rows[0]?.used ?? null;
    },

    async used(q: Queryable, ownerId: string): Promise<number> {
      const { rows } = await q.query<{ used: number }>('SELECT used FROM device_quota WHERE owner_id = $1', [ownerId]);
      return rows[0]?.used ?? 0;
    },

    async takenIds(q: Queryable, deviceIds: string[]): Promise<string[]> {
      const { rows } = await q.query<{ device_id: string }>(
        'SELECT device_id FROM devices WHERE device_id = ANY($1::text[])',
        [deviceIds],
      );
      return rows.map((r) => r.device_id);
    },

    /** Inserts devices of one kind (sub-devices under `gatewayId`) in one statement. */
    async insert(
      q: Queryable,
      owner: { ownerId: string; appId: string },
      kind: DeviceKind,
      devices: NewDevice[],
      gatewayId: string | null,
      now: Date,
    ): Promise<DeviceRow[]> {
      if (devices.length === 0) return [];
      const params: unknown[] = [owner.ownerId, owner.appId, kind, gatewayId, now];
      const values = devices.map((d) => {
        params.push(d.deviceId, d.model, d.name);
        const n = params.length;
        return `($${n - 2}, $1, $2, $3, $4, $${n - 1}, $${n}, $5)`;
      });
      const { rows } = await q.query<DeviceRow>(
        `INSERT INTO devices (device_id, owner_id, app_id, kind, gateway_id, model, name, created_at)
         VALUES ${values.join(', ')}
         RETURNING id, device_id, app_id, kind, NULL::text AS gateway_device_id, model, name, created_at`,
        params,
      );
      return rows;
    },

    async find(q: Queryable, scope: DeviceScope, deviceId: string): Promise<DeviceRow | null> {
      const s = scopeSql(scope, '$2');
      const { rows } = await q.query<DeviceRow>(`${SELECT} WHERE d.device_id = $1 AND ${s.where}`, [deviceId, s.value]);
      return rows[0] ?? null;
    },

    /**
     * Removes a device; a gateway takes its sub-devices. Answers how many went (0: none in scope).
     * The devices' trigger frees their quota in the same transaction.
     */
    async remove(q: Queryable, scope: DeviceScope, deviceId: string): Promise<number> {
      const s = scopeSql(scope, '$2');
      const { rows } = await q.query<{ n: number }>(
        `WITH target AS (SELECT d.id FROM devices d WHERE d.device_id = $1 AND ${s.where}),
              gone AS (DELETE FROM devices WHERE id IN (SELECT id FROM target)
                         OR gateway_id IN (SELECT id FROM target) RETURNING id)
         SELECT count(*)::int AS n FROM gone`,
        [deviceId, s.value],
      );
      return rows[0]!.n;
    },

    async filteredPage(
      q: Queryable,
      f: ConsoleListFilter,
      limit: number,
      offset: number,
    ): Promise<{ rows: DeviceRow[]; total: number }> {
      const where = `d.owner_id = $1 AND ($2::text IS NULL OR d.app_id = $2) AND (NOT $3 OR d.kind <> 'sub_device')`;
      return pageWithTotal(q, 'devices_console_page', where, [f.ownerId, f.appId, f.topLevel, limit, offset]);
    },

    /** The sub-devices of these gateways (row ids), oldest first. */
    async subDevicesOf(q: Queryable, gatewayIds: string[]): Promise<(DeviceRow & { gateway_row_id: string })[]> {
      if (gatewayIds.length === 0) return [];
      const { rows } = await q.query<DeviceRow & { gateway_row_id: string }>(
        `${SELECT.replace('SELECT ', 'SELECT d.gateway_id AS gateway_row_id, ')} WHERE d.gateway_id = ANY($1::uuid[]) ORDER BY d.seq`,
        [gatewayIds],
      );
      return rows;
    },

    async page(
      q: Queryable,
      scope: DeviceScope,
      limit: number,
      offset: number,
    ): Promise<{ rows: DeviceRow[]; total: number }> {
      const s = scopeSql(scope, '$1');
      const name = 'appId' in scope ? 'devices_app_page' : 'devices_owner_page';
      return pageWithTotal(q, name, s.where, [s.value, limit, offset]);
    },
  };
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;

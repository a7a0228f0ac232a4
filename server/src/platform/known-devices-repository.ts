import type { Queryable } from './db/index.js';

export interface KnownDeviceRow {
  ip_range: string;
  browser: string;
  first_seen_at: Date;
  last_seen_at: Date;
}

/** SQL on `known_devices` (the browsers and networks an account logged in from). The 90 days come from the service. */
export function createKnownDevicesRepository() {
  return {
    /**
     * Notes a log-in from (network, browser) at `now`. True when that pair was not seen since
     * `seenSince` (new, or last seen before it). Race-safe: of two log-ins from the same new
     * device at once, the second waits on the first's row and then finds it recent (false).
     */
    async note(q: Queryable, accountId: string, ipRange: string, browser: string, now: Date, seenSince: Date) {
      const recent = await q.query(
        `UPDATE known_devices SET last_seen_at = $4
          WHERE account_id = $1 AND ip_range = $2 AND browser = $3 AND last_seen_at >= $5`,
        [accountId, ipRange, browser, now, seenSince],
      );
      if (recent.rowCount > 0) return false;
      const fresh = await q.query(
        `INSERT INTO known_devices (account_id, ip_range, browser, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (account_id, ip_range, browser) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
           WHERE known_devices.last_seen_at < $5
         RETURNING 1`,
        [accountId, ipRange, browser, now, seenSince],
      );
      return fresh.rowCount > 0;
    },

    async listFor(q: Queryable, accountId: string): Promise<KnownDeviceRow[]> {
      const { rows } = await q.query<KnownDeviceRow>(
        `SELECT ip_range, browser, first_seen_at, last_seen_at FROM known_devices
          WHERE account_id = $1 ORDER BY last_seen_at DESC`,
        [accountId],
      );
      return rows;
    },
  };
}

export type KnownDevicesRepository = ReturnType<typeof createKnownDevicesRepository>;

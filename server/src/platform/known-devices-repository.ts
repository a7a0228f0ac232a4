import type { Queryable } from './db/index.js';

export interface KnownDeviceRow {
  ip_range: string;
  browser: string;
  first_seen_at: Date;
  last_seen_at: Date;
}

/** What a log-in notes of its device: the account, the network and browser, when, and since when a device counts as known. */
export interface DeviceSeen {
  accountId: string;
  ipRange: string;
  browser: string;
  now: Date;
  seenSince: Date;
}

/**
 * The device's row touched (`last_seen_at` set to now) if it was seen since `seenSince`; the five
 * arguments are parameter references in DeviceSeen's order.
 */
export const TOUCH_KNOWN_DEVICE = (
  accountId: string,
  ipRange: string,
  browser: string,
  now: string,
  seenSince: string,
) =>
  `UPDATE known_devices SET last_seen_at = ${now}
    WHERE account_id = ${accountId} AND ip_range = ${ipRange} AND browser = ${browser} AND last_seen_at >= ${seenSince}`;

/** SQL on `known_devices` (the browsers and networks an account logged in from). The 90 days come from the service. */
export function createKnownDevicesRepository() {
  return {
    /**
     * Notes a log-in from (network, browser) at `now`. True when that pair was not seen since
     * `seenSince` (new, or last seen before it). Race-safe: of two log-ins from the same new
     * device at once, the second waits on the first's row and then finds it recent (false).
     */
    async note(q: Queryable, { accountId, ipRange, browser, now, seenSince }: DeviceSeen) {
      const recent = await q.query(TOUCH_KNOWN_DEVICE('$1', '$2', '$3', '$4', '$5'), [
        accountId,
        ipRange,
        browser,
        now,
        seenSince,
      ]);
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

import type { Config } from '../../config.js';
import type { CertificationStatusOf } from '../../platform/certification-status.js';
import type { Clock } from '../../platform/clock.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/errors.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { ConsoleListFilter, DeviceRow, DeviceScope, DevicesRepository, NewDevice } from './repository.js';

export interface DeviceView {
  deviceId: string;
  appId: string;
  kind: DeviceRow['kind'];
  /** The gateway's device ID for a sub-device, else null. */
  gatewayId: string | null;
  model: string;
  name: string;
  createdAt: string;
}

export interface DevicePage {
  items: (DeviceView & { subDevices?: DeviceView[] })[];
  total: number;
  page: number;
  pageSize: number;
}

/** Who registers: the app a signed request came from and the developer who owns it. */
export interface AppCaller {
  appId: string;
  ownerId: string;
}

export const toDevice = (r: DeviceRow): DeviceView => ({
  deviceId: r.device_id,
  appId: r.app_id,
  kind: r.kind,
  gatewayId: r.gateway_device_id,
  model: r.model,
  name: r.name,
  createdAt: r.created_at.toISOString(),
});

/** Devices and the owner's quota: personal developers are capped, enterprises are not (config). */
export function createDevicesService(deps: {
  db: Db;
  clock: Clock;
  repo: DevicesRepository;
  entitlements: Config['entitlements'];
  certificationStatus: CertificationStatusOf;
}) {
  const { db, clock, repo, entitlements, certificationStatus } = deps;

  /** The owner's cap by developer type; an owner without a known type gets the strictest one. */
  const capOf = async (q: Queryable, ownerId: string): Promise<number | null> => {
    const { type } = await certificationStatus(q, ownerId);
    return type === 'enterprise' ? entitlements.enterprise.deviceCap : entitlements.personal.deviceCap;
  };

  /**
   * One transaction: reserve room for every device of the batch, then insert them. A batch that
   * would cross the cap reserves nothing and inserts nothing (refused whole); a taken device ID
   * rolls the reservation back with the inserts.
   */
  const register = async (caller: AppCaller, gateway: NewDevice | null, devices: NewDevice[]) => {
    const all = gateway ? [gateway, ...devices] : devices;
    const ids = all.map((d) => d.deviceId);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate !== undefined) throw new AppError('device.id_taken', { deviceId: duplicate });
    try {
      const rows = await db.tx(async (q) => {
        const cap = await capOf(q, caller.ownerId);
        await repo.ensureQuotaRow(q, caller.ownerId);
        if ((await repo.reserve(q, caller.ownerId, all.length, cap)) === null)
          throw new AppError('device.quota_exceeded', { used: await repo.used(q, caller.ownerId), cap });
        const taken = await repo.takenIds(q, ids);
        if (taken.length > 0) throw new AppError('device.id_taken', { deviceId: taken[0] });
        const now = clock.now();
        if (!gateway) return repo.insert(q, caller, 'device', devices, null, now);
        const [head] = await repo.insert(q, caller, 'gateway', [gateway], null, now);
        const subs = await repo.insert(q, caller, 'sub_device', devices, head!.id, now);
        return [head!, ...subs.map((r) => ({ ...r, gateway_device_id: gateway.deviceId }))];
      });
      return rows.map(toDevice);
    } catch (error) {
      // Two registrations of one new ID at once: the unique index decides, the loser gets the code.
      if (isUniqueViolation(error, 'devices_device_id_key')) {
        // The winner has committed by now: ask which of the IDs it took.
        const [taken] = await repo.takenIds(db, ids);
        throw new AppError('device.id_taken', { deviceId: taken ?? ids[0] ?? '' });
      }
      // The app was deleted while this request was in flight: its key is gone with it.
      if (isForeignKeyViolation(error)) throw new AppError('open_api.key_invalid');
      throw error;
    }
  };

  return {
    async registerDevice(caller: AppCaller, device: NewDevice): Promise<DeviceView> {
      return (await register(caller, null, [device]))[0]!;
    },

    async registerGateway(
      caller: AppCaller,
      gateway: NewDevice,
      subDevices: NewDevice[],
    ): Promise<{ gateway: DeviceView; subDevices: DeviceView[] }> {
      const [first, ...rest] = await register(caller, gateway, subDevices);
      return { gateway: first!, subDevices: rest };
    },

    /** Removes a device in scope (a gateway with its sub-devices); outside the scope it does not exist. */
    async remove(scope: DeviceScope, deviceId: string): Promise<{ removed: number }> {
      const removed = await db.tx((q) => repo.remove(q, scope, deviceId));
      if (removed === 0) throw new AppError('device.not_found');
      return { removed };
    },

    async get(scope: DeviceScope, deviceId: string): Promise<DeviceView> {
      const row = await repo.find(db, scope, deviceId);
      if (!row) throw new AppError('device.not_found');
      return toDevice(row);
    },

    async list(scope: DeviceScope, page: number, pageSize: number): Promise<DevicePage> {
      const { rows, total } = await repo.page(db, scope, pageSize, (page - 1) * pageSize);
      return { items: rows.map(toDevice), total, page, pageSize };
    },

    /**
     * The console's list, filtered and paged by the server. As a tree, a page holds devices and
     * gateways, each gateway with all its sub-devices (at most 100 are made with it).
     */
    async consoleList(filter: ConsoleListFilter, page: number, pageSize: number): Promise<DevicePage> {
      const { rows, total } = await repo.filteredPage(db, filter, pageSize, (page - 1) * pageSize);
      if (!filter.topLevel) return { items: rows.map(toDevice), total, page, pageSize };
      const gateways = rows.filter((r) => r.kind === 'gateway');
      const children = await repo.subDevicesOf(
        db,
        gateways.map((g) => g.id),
      );
      const items = rows.map((r) =>
        r.kind === 'gateway'
          ? { ...toDevice(r), subDevices: children.filter((c) => c.gateway_row_id === r.id).map(toDevice) }
          : toDevice(r),
      );
      return { items, total, page, pageSize };
    },

    async quota(ownerId: string): Promise<{ used: number; cap: number | null }> {
      return { used: await repo.used(db, ownerId), cap: await capOf(db, ownerId) };
    },
  };
}

export type DevicesService = ReturnType<typeof createDevicesService>;

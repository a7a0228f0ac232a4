import type { AppView, SecurityEventType } from '@devplat/common';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { CertificationStatusOf } from '../../platform/certification-status.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Vault } from '../../platform/vault.js';
import { newAppId, newAppKey, newKeyId } from './ids.js';
import type { DevicesRepository } from '../devices/repository.js';
import type { AppFields, AppRow, AppsRepository, KeyRow } from './repository.js';

/** At most this many active keys per app (PRODUCT "App management"). */
export const MAX_ACTIVE_KEYS = 5;

export type { AppView };

export interface KeyView {
  keyId: string;
  state: 'active' | 'disabled';
  createdAt: string;
  lastUsedAt: string | null;
}

/** A key as created: the only shape that ever carries the AppKey (SECURITY 36). */
export interface NewKeyView extends KeyView {
  appKey: string;
}

const toApp = (r: AppRow): AppView => ({
  appId: r.app_id,
  name: r.name,
  industry: r.industry,
  description: r.description,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const toKey = (r: KeyRow): KeyView => ({
  keyId: r.key_id,
  state: r.state,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
});

/** Apps and keys of approved developers. The owner always comes from the session, never the body. */
export function createAppsService(deps: {
  db: Db;
  clock: Clock;
  vault: Vault;
  audit: Audit;
  repo: AppsRepository;
  /** The device counter belongs to the devices flow; an app's creation only makes sure its row exists. */
  quota: Pick<DevicesRepository, 'ensureQuotaRow'>;
  certificationStatus: CertificationStatusOf;
}) {
  const { db, clock, vault, audit, repo, quota, certificationStatus } = deps;

  const ownApp = async (q: Queryable, ownerId: string, appId: string, lock = false) => {
    const app = await repo.findApp(q, ownerId, appId, lock);
    // Another developer's app answers exactly like a missing one (SECURITY 27).
    if (!app) throw new AppError('app.not_found');
    return app;
  };

  /** A fresh key: the AppKey is sealed for storage and handed back in clear this once. */
  const createKey = async (q: Queryable, appId: string): Promise<NewKeyView> => {
    const appKey = newAppKey();
    const row = await repo.insertKey(q, newKeyId(), appId, vault.seal(appKey), clock.now());
    return { ...toKey(row), appKey };
  };

  const keyEvent = (
    ctx: RequestContext,
    q: Queryable,
    ownerId: string,
    event: SecurityEventType,
    appId: string,
    keyId: string,
  ) => audit.record(ctx, { event, outcome: 'success', accountId: ownerId, details: { appId, keyId } }, q);

  return {
    async list(ownerId: string): Promise<AppView[]> {
      return (await repo.listApps(db, ownerId)).map(toApp);
    },

    async get(ownerId: string, appId: string): Promise<AppView> {
      return toApp(await ownApp(db, ownerId, appId));
    },

    async create(ownerId: string, fields: AppFields, ctx: RequestContext): Promise<{ app: AppView; key: NewKeyView }> {
      const status = await certificationStatus(db, ownerId);
      if (status.state !== 'approved') throw new AppError('app.not_certified', { state: status.state });
      return db.tx(async (q) => {
        const app = await repo.insertApp(q, newAppId(), ownerId, fields, clock.now());
        // The quota row exists from the first app on, so device registration only updates it.
        await quota.ensureQuotaRow(q, ownerId);
        const key = await createKey(q, app.app_id);
        await audit.record(
          ctx,
          { event: 'app.created', outcome: 'success', accountId: ownerId, details: { appId: app.app_id } },
          q,
        );
        await keyEvent(ctx, q, ownerId, 'app_key.created', app.app_id, key.keyId);
        return { app: toApp(app), key };
      });
    },

    async update(ownerId: string, appId: string, fields: Partial<AppFields>): Promise<AppView> {
      const row = await repo.updateApp(db, ownerId, appId, fields, clock.now());
      if (!row) throw new AppError('app.not_found');
      return toApp(row);
    },

    async remove(ownerId: string, appId: string, ctx: RequestContext): Promise<void> {
      await db.tx(async (q) => {
        // The lock waits for device registrations in flight through this app, then the delete
        // takes its keys and devices with it (the devices' trigger frees their quota).
        await ownApp(q, ownerId, appId, true);
        await repo.deleteApp(q, ownerId, appId);
        await audit.record(
          ctx,
          { event: 'app.deleted', outcome: 'success', accountId: ownerId, details: { appId } },
          q,
        );
      });
    },

    async listKeys(ownerId: string, appId: string): Promise<KeyView[]> {
      await ownApp(db, ownerId, appId);
      return (await repo.listKeys(db, appId)).map(toKey);
    },

    async addKey(ownerId: string, appId: string, ctx: RequestContext): Promise<NewKeyView> {
      return db.tx(async (q) => {
        // The app row lock makes "count, then insert" atomic: two requests cannot both take the 5th place.
        await ownApp(q, ownerId, appId, true);
        if ((await repo.countActiveKeys(q, appId)) >= MAX_ACTIVE_KEYS)
          throw new AppError('app.key_limit', { max: MAX_ACTIVE_KEYS });
        const key = await createKey(q, appId);
        await keyEvent(ctx, q, ownerId, 'app_key.created', appId, key.keyId);
        return key;
      });
    },

    async setKeyState(
      ownerId: string,
      appId: string,
      keyId: string,
      state: KeyRow['state'],
      ctx: RequestContext,
    ): Promise<KeyView> {
      return db.tx(async (q) => {
        await ownApp(q, ownerId, appId, true);
        const current = await repo.findKey(q, appId, keyId);
        if (!current) throw new AppError('app.key_not_found');
        if (current.state === state) return toKey(current);
        if (state === 'active' && (await repo.countActiveKeys(q, appId)) >= MAX_ACTIVE_KEYS)
          throw new AppError('app.key_limit', { max: MAX_ACTIVE_KEYS });
        const row = (await repo.setKeyState(q, appId, keyId, state))!;
        await keyEvent(ctx, q, ownerId, state === 'active' ? 'app_key.enabled' : 'app_key.disabled', appId, keyId);
        return toKey(row);
      });
    },

    async deleteKey(ownerId: string, appId: string, keyId: string, ctx: RequestContext): Promise<void> {
      await db.tx(async (q) => {
        await ownApp(q, ownerId, appId, true);
        if (!(await repo.deleteKey(q, appId, keyId))) throw new AppError('app.key_not_found');
        await keyEvent(ctx, q, ownerId, 'app_key.deleted', appId, keyId);
      });
    },
  };
}

export type AppsService = ReturnType<typeof createAppsService>;

import type { Config } from '../../config.js';
import { toMe } from '../../platform/accounts.js';
import type { CertificationStatusOf } from '../../platform/certification-status.js';
import type { Queryable } from '../../platform/db/index.js';
import type { SessionAccount } from '../../platform/sessions/index.js';

/** The signed-in account as `/me` shows it: the account, its certification, its entitlements. */
export function createMeService(deps: {
  db: Queryable;
  certificationStatus: CertificationStatusOf;
  entitlements: Config['entitlements'];
  /** 'setup' or 'verify': which second-factor step a half-open staff session is at. */
  mfaStep: (accountId: string) => Promise<'password' | 'setup' | 'verify'>;
}) {
  const { db, certificationStatus, entitlements, mfaStep } = deps;
  return {
    async me(account: SessionAccount) {
      const certification = await certificationStatus(db, account.accountId);
      return {
        ...toMe({ ...account, id: account.accountId }),
        ...(account.mfaPending ? { mfa: await mfaStep(account.accountId) } : {}),
        certification,
        entitlements:
          certification.state === 'approved' && certification.type ? entitlements[certification.type] : null,
      };
    },
  };
}

export type MeService = ReturnType<typeof createMeService>;

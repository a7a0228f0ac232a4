import type { Config } from '../../config.js';
import { toMe } from '../../platform/accounts.js';
import type { SessionAccount } from '../../platform/sessions/index.js';

/**
 * The signed-in account as `/me` shows it: the account, its certification, its entitlements.
 * Everything comes from the session's own query (the guard's, `sessions.resolve`): a developer's
 * `GET /me` costs that one query and nothing more. Only a half-open staff session reads more.
 */
export function createMeService(deps: {
  entitlements: Config['entitlements'];
  /** 'setup' or 'verify': which second-factor step a half-open staff session is at. */
  mfaStep: (accountId: string) => Promise<'password' | 'setup' | 'verify'>;
}) {
  const { entitlements, mfaStep } = deps;
  return {
    async me(account: SessionAccount) {
      const { certification } = account;
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

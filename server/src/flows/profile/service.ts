import { isValidUsername, normalizeUsername } from '@devplat/common';
import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { SessionAccount } from '../../platform/sessions/index.js';

/** The editable parts of the account itself: the username and the language of its messages. */
export function createProfileService(deps: { db: Db; clock: Clock; accounts: AccountsRepository; audit: Audit }) {
  const { db, clock, accounts, audit } = deps;
  return {
    async setUsername(me: SessionAccount, input: string, ctx: RequestContext) {
      const username = normalizeUsername(input);
      if (!isValidUsername(username)) throw new AppError('username.invalid');
      try {
        await db.tx(async (q) => {
          await accounts.setUsername(q, me.accountId, username, clock.now());
          await audit.record(ctx, { event: 'username.changed', outcome: 'success', accountId: me.accountId }, q);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('username.taken');
        throw error;
      }
      const account = await accounts.findById(db, me.accountId);
      return account!;
    },

    async setLocale(me: SessionAccount, locale: 'zh-CN' | 'en') {
      await accounts.setLocale(db, me.accountId, locale, clock.now());
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;

import type { AccountsRepository } from '../../platform/accounts.js';
import type { Clock } from '../../platform/clock.js';
import type { CodesRepository } from '../../platform/codes/repository.js';
import { requireContact } from '../../platform/contacts.js';
import type { Db } from '../../platform/db/index.js';
import type { DeliveryResolver } from '../../platform/messaging/worker.js';

const PUBLIC_TEMPLATES = { 'code.register': 'register', 'code.reset_password': 'reset_password' } as const;

/**
 * What a sign-up or forgot-password code request delivers, decided by the outbox worker at
 * delivery, after the request was answered. The request itself does the same work for every
 * contact — one code row, one queued code message — and never looks the contact up, so neither
 * its answer nor its timing tells whether the contact is registered (SECURITY 13). Here:
 * - sign-up, new contact: the code, as queued;
 * - sign-up, registered contact: the notice "already registered" instead, in the account's
 *   language, and the code is voided;
 * - forgot password, registered contact: the code in the account's language, bound to the
 *   account (it resets that account's password only);
 * - forgot password, unknown contact: nothing, and the code is voided.
 * Every other message passes as it is (the same object). The worker keeps the result in the
 * message's row, so a retry after a failed send does not resolve it again.
 */
export function createPublicCodeDelivery(deps: {
  db: Db;
  accounts: AccountsRepository;
  codes: CodesRepository;
  clock: Clock;
}): DeliveryResolver {
  const { db, accounts, codes, clock } = deps;
  return async (message) => {
    const { codeId, ...params } = message.params;
    const purpose = PUBLIC_TEMPLATES[message.template as keyof typeof PUBLIC_TEMPLATES];
    if (!codeId || !purpose) return message;
    const account = await accounts.findForCode(db, requireContact(message.to));
    if (purpose === 'register') {
      if (!account) return { ...message, params };
      await codes.voidCode(db, codeId, clock.now());
      return { template: 'notice.already_registered', to: message.to, locale: account.locale, params: {} };
    }
    if (!account) {
      await codes.voidCode(db, codeId, clock.now());
      return null;
    }
    await codes.bindToAccount(db, codeId, account.id);
    return { ...message, locale: account.locale, params };
  };
}

import { randomInt } from 'node:crypto';
import type { AccountRow, AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { CodesService } from '../../platform/codes/service.js';
import { requireEmail, requirePhone, type Contact } from '../../platform/contacts.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { KnownDevices } from '../../platform/known-devices.js';
import type { Passwords } from '../../platform/passwords.js';
import type { Sessions } from '../../platform/sessions/index.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A generated username, `dev_` + 8 characters from the CSPRNG; editable later. */
function newUsername(): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `dev_${suffix}`;
}

export interface RegisterInput {
  phone?: string;
  email?: string;
  code: string;
  password: string;
}

export function createRegistrationService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  codes: CodesService;
  passwords: Passwords;
  sessions: Sessions;
  audit: Audit;
  knownDevices: KnownDevices;
}) {
  const { db, clock, accounts, codes, passwords, sessions, audit, knownDevices } = deps;

  return {
    /** Creates the account from a verified contact and signs it in (PRODUCT flows 1–2). */
    async register(input: RegisterInput, ctx: RequestContext): Promise<{ account: AccountRow; token: string }> {
      if ((input.phone === undefined) === (input.email === undefined)) {
        throw new AppError('request.invalid', { field: 'body.phone|email' });
      }
      const contact: Contact =
        input.phone !== undefined
          ? { kind: 'phone', value: requirePhone(input.phone) }
          : { kind: 'email', value: requireEmail(input.email!) };
      const fields = {
        phone: contact.kind === 'phone' ? contact.value : null,
        email: contact.kind === 'email' ? contact.value : null,
      };

      let username = newUsername();
      // The password rules come first so a weak password does not spend one of the code's tries.
      passwords.check(input.password, { ...fields, username });
      // The contact is bound only once its code is verified (SECURITY 11).
      const { id: codeId } = await codes.check({
        purpose: 'register',
        target: contact.value,
        code: input.code,
        accountId: null,
      });
      const passwordHash = await passwords.hash(input.password);

      for (let attempt = 0; ; attempt++) {
        try {
          return await db.tx(async (q) => {
            await codes.consume(q, codeId);
            const account = await accounts.insert(q, {
              username,
              ...fields,
              passwordHash,
              locale: ctx.locale,
              now: clock.now(),
            });
            const token = await sessions.create(q, {
              accountId: account.id,
              role: account.role,
              ip: ctx.ip,
              userAgent: ctx.userAgent,
            });
            // The sign-up's own browser and network are the account's first known device: the
            // log-in right after it (same browser, same network) sends no new-device notice.
            await knownDevices.remember(q, account.id, ctx, clock.now());
            await audit.record(
              ctx,
              {
                event: 'account.registered',
                outcome: 'success',
                accountId: account.id,
                details: { via: contact.kind },
              },
              q,
            );
            return { account, token };
          });
        } catch (error) {
          // Uniqueness is the database's: two sign-ups racing for one contact cannot both win.
          if (isUniqueViolation(error, 'accounts_username_key') && attempt < 3) {
            username = newUsername();
            continue;
          }
          if (isUniqueViolation(error)) throw new AppError('account.contact_unavailable');
          throw error;
        }
      }
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;

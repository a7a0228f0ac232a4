import { randomBytes } from 'node:crypto';
import type { AccountsRepository } from '../../platform/accounts.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Passwords } from '../../platform/passwords.js';

export type StaffRole = 'reviewer' | 'admin';

/**
 * Staff accounts for the operator command (there are no default ones, SECURITY 28). The account
 * is created with its role in one statement: there is no moment at which it exists as a developer.
 */
export function createStaffAccounts(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  passwords: Passwords;
}) {
  const { db, clock, accounts, passwords } = deps;
  return {
    list: () => accounts.listStaff(db),

    /** Creates the account and returns its generated first password (to be shown once). */
    async create(input: { email: string | null; phone: string | null; role: StaffRole }) {
      const password = randomBytes(15).toString('base64url');
      const passwordHash = await passwords.hash(password);
      try {
        await db.tx((q) =>
          accounts.insert(q, {
            username: `staff_${randomBytes(4).toString('hex')}`,
            phone: input.phone,
            email: input.email,
            passwordHash,
            role: input.role,
            // The printed first password is known to whoever ran the command: replaced at first log-in.
            passwordChangeRequired: true,
            now: clock.now(),
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('account.contact_unavailable');
        throw error;
      }
      return { password };
    },
  };
}

export type StaffAccounts = ReturnType<typeof createStaffAccounts>;

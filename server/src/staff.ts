/**
 * Operator command for staff accounts (there are no default ones):
 *   npm run staff -- create --email reviewer@example.com --role reviewer|admin [--phone +86…]
 *   npm run staff -- create --role reviewer --email a@example.com --email b@example.com   (several at once)
 *   npm run staff -- list
 * `create` prints a generated first password once per account; at the first log-in it must be
 * replaced, then the TOTP authenticator is set up. Several accounts are created one after the
 * other, each on its own; the command stops at the first that fails (those before it stay).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { createAccountsRepository } from './platform/accounts-repository.js';
import { systemClock } from './platform/clock.js';
import { parseEmail, parsePhone } from './platform/contacts.js';
import { openForCommand } from './platform/db/command.js';
import { AppError } from './platform/errors.js';
import { createPasswords } from './platform/passwords.js';
import { PROFILE_RULES } from './platform/security-profile.js';
import { createStaffAccounts } from './flows/staff-auth/staff-accounts.js';

const usage =
  'usage: npm run staff -- create --email <email> [--email <email>…] --role reviewer|admin [--phone <phone>]\n       npm run staff -- list';

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string', multiple: true }, phone: { type: 'string' }, role: { type: 'string' } },
  });
  const [command] = positionals;
  const config = loadConfig();
  const opened = await openForCommand(config, 'npm run staff');
  if (!opened) return 1;
  const { db } = opened;
  const staff = createStaffAccounts({
    db,
    clock: systemClock,
    accounts: createAccountsRepository(),
    passwords: createPasswords({
      minLength: config.passwordMinLength,
      minClasses: PROFILE_RULES[config.securityProfile].passwordMinClasses,
    }),
  });
  try {
    if (command === 'list') {
      for (const r of await staff.list())
        console.log(`${r.role}\t${r.email ?? r.phone}\t${r.status}\ttotp=${r.totp ? 'set' : 'not set'}`);
      return 0;
    }
    if (command !== 'create') {
      console.error(usage);
      return 2;
    }
    const emails = (values.email ?? []).map((value) => parseEmail(value));
    const phone = values.phone ? parsePhone(values.phone) : null;
    if (emails.includes(null) || (values.phone && !phone) || (emails.length === 0 && !phone)) {
      console.error(`a valid --email or --phone is required\n${usage}`);
      return 2;
    }
    if (emails.length > 1 && phone) {
      console.error(`--phone goes with one --email only\n${usage}`);
      return 2;
    }
    if (values.role !== 'reviewer' && values.role !== 'admin') {
      console.error(`--role must be reviewer or admin\n${usage}`);
      return 2;
    }
    for (const email of emails.length > 0 ? emails : [null]) {
      let password: string;
      try {
        ({ password } = await staff.create({ email, phone, role: values.role }));
      } catch (error) {
        if (error instanceof AppError && error.code === 'account.contact_unavailable') {
          console.error(`an account with this email or phone already exists: ${email ?? phone}`);
          return 1;
        }
        throw error;
      }
      console.log(`created ${values.role} ${email ?? phone}\nfirst password (shown once): ${password}`);
    }
    console.log(`log in at ${config.publicUrl}/login and set up the authenticator (TOTP).`);
    return 0;
  } finally {
    await opened.close();
  }
}

process.exitCode = await main();

import type { AccountRow } from './accounts.js';
import { parseContact } from './contacts.js';
import { hmac } from './crypto.js';
import type { Queryable } from './db/index.js';
import type { IdentifierFailuresRepository } from './identifier-failures-repository.js';

/**
 * Failed log-ins counted per typed identifier as well as per account (issue 13 point 3): an
 * unknown phone or email earns the throttled answer after the same number of tries as a
 * registered one. The identifier is normalised as log-in reads it (E.164 phone, lower-case email;
 * any other text NFKC, trimmed, lower-cased) and kept only as an HMAC under APP_SECRET.
 */
export function createIdentifierFailures(deps: { repo: IdentifierFailuresRepository; secret: Buffer }) {
  const { repo, secret } = deps;
  const keyOf = (typed: string) => {
    const contact = parseContact(typed);
    const normal = contact
      ? `${contact.kind}:${contact.value}`
      : `text:${typed.normalize('NFKC').trim().toLowerCase()}`;
    return hmac(secret, 'login-identifier', normal).toString('hex');
  };
  const keysOf = (account: Pick<AccountRow, 'phone' | 'email'>) =>
    [account.phone, account.email].filter((c): c is string => c !== null).map(keyOf);
  return {
    keyOf,
    find: (q: Queryable, key: string) => repo.find(q, key),
    record: (q: Queryable, key: string, now: Date) => repo.record(q, key, now),
    /** Clears the counters of the account's own identifiers (a log-in succeeded, a new password). */
    clearFor: (q: Queryable, account: Pick<AccountRow, 'phone' | 'email'>) => repo.clear(q, keysOf(account)),
  };
}

export type IdentifierFailures = ReturnType<typeof createIdentifierFailures>;

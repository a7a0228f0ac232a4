import type { AccountRow } from './accounts.js';
import { parseContact } from './contacts.js';
import { hmac } from './crypto.js';
import type { Queryable } from './db/index.js';
import { accountFailureKey, type LoginFailuresRepository } from './login-failures-repository.js';

/**
 * Failed log-ins, counted per account and per typed identifier (issue 13 point 3), in one table
 * of keyed counters (issue 14 finding 2):
 *
 * - a typed identifier's key is an HMAC under APP_SECRET of it, normalised as log-in reads it
 *   (E.164 phone, lower-case email; any other text NFKC, trimmed, lower-cased), never the text;
 * - an account's key is a digest of its id (`account_failure_key` in SQL, so the account queries
 *   join it);
 * - an identifier no account has gets the key of a decoy account id (from an HMAC of its key), so a
 *   failure for it writes the same two rows as one for a registered account, and its throttled
 *   answer comes after the same number of tries (SECURITY 12, 14).
 */
export function createLoginFailures(deps: { repo: LoginFailuresRepository; secret: Buffer }) {
  const { repo, secret } = deps;
  const keyOf = (typed: string) => {
    const contact = parseContact(typed);
    const normal = contact
      ? `${contact.kind}:${contact.value}`
      : `text:${typed.normalize('NFKC').trim().toLowerCase()}`;
    return hmac(secret, 'login-identifier', normal).toString('hex');
  };
  /**
   * The decoy account id of an identifier: a UUID from an HMAC of the identifier's key, the same
   * on every try, that names no account (account ids are random: a clash is as likely as a guess).
   */
  const decoyIdOf = (identifierKey: string) =>
    hmac(secret, 'login-account-decoy', identifierKey)
      .toString('hex', 0, 16)
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  const ownKeys = (account: Pick<AccountRow, 'id' | 'phone' | 'email'>) => [
    accountFailureKey(account.id),
    ...[account.phone, account.email].filter((c): c is string => c !== null).map(keyOf),
  ];
  return {
    keyOf,
    decoyIdOf,
    /**
     * The keys a wrong password counts on: the account's (a real one's, or the decoy id of an
     * unknown identifier) and the typed identifier's.
     */
    failureKeys: (accountId: string, identifierKey: string) => [accountFailureKey(accountId), identifierKey],
    /** The account's counter key and its own identifiers' (what a successful log-in clears). */
    ownKeys,
    /** Clears the account's counter and its own identifiers' (a log-in succeeded, a new password). */
    clearFor: (q: Queryable, account: Pick<AccountRow, 'id' | 'phone' | 'email'>) => repo.clear(q, ownKeys(account)),
  };
}

export type LoginFailures = ReturnType<typeof createLoginFailures>;

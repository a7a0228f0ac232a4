import { hash, verify, type Options } from '@node-rs/argon2';
import { checkPasswordShape, normalizePassword, personalWords } from '@devplat/common';
import { randomUUID } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from './errors.js';

/** OWASP's argon2id minimum (m=19 MiB, t=2, p=1); @node-rs/argon2 hashes on libuv's thread pool. */
// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * The common/breached list: zxcvbn-ts's `passwords-common` (~49,000 entries from breach
 * corpora), compared case-insensitively after NFKC.
 */
export const commonPasswords: readonly string[] = dictionary['passwords-common'] as string[];
const common = new Set(commonPasswords.map((p) => p.toLowerCase()));

export type PasswordContext = Parameters<typeof personalWords>[0];

export interface Passwords {
  /** Throws the coded reason when a password is not acceptable (SECURITY 1–3). */
  check(password: string, context: PasswordContext): void;
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verify, for accounts that do not exist (SECURITY 12). */
  verifyDummy(password: string): Promise<false>;
}

export function createPasswords(options: { minLength: number }): Passwords {
  // A real hash of a random value, made once, so the dummy verify costs what a real one costs.
  let dummyHash: Promise<string> | null = null;
  const dummy = () => (dummyHash ??= hash(randomUUID(), ARGON2));

  return {
    check(password, context) {
      const problem = checkPasswordShape(password, { min: options.minLength, context });
      if (problem) throw new AppError(problem.code, problem.details);
      if (common.has(normalizePassword(password).toLowerCase())) throw new AppError('password.too_common');
    },
    hash: (password) => hash(normalizePassword(password), ARGON2),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, normalizePassword(password));
      } catch {
        return false;
      }
    },
    async verifyDummy(password) {
      await verify(await dummy(), normalizePassword(password)).catch(() => false);
      return false;
    },
  };
}

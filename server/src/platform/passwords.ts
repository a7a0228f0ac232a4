import { hash as argon2Hash, verify as argon2Verify, type Options } from '@node-rs/argon2';
import { checkPasswordShape, normalizePassword, personalWords } from '@devplat/common';
import { randomUUID } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from './errors.js';

/** OWASP's argon2id minimum (m=19 MiB, t=2, p=1); @node-rs/argon2 hashes on libuv's thread pool. */
const ARGON2_COST = { memoryCost: 19456, timeCost: 2 } as const;
export type Argon2Cost = { memoryCost: number; timeCost: number };

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

/**
 * At most `size` tasks at once; the others wait in FIFO order. `queued` reports each task's wait.
 * argon2 runs on libuv's thread pool, which file reads and DNS look-ups share: holding argon2 to
 * fewer tasks than the pool has threads keeps a burst of log-ins from stalling the rest, and
 * makes the queueing visible (the `argon2_queue_seconds` metric) instead of hidden inside libuv.
 */
function slots(size: number, queued: (seconds: number) => void) {
  let busy = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    if (busy >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else busy++;
    queued((performance.now() - start) / 1000);
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (busy stays the same), or free it.
      const next = waiting.shift();
      if (next) next();
      else busy--;
    }
  };
}

export function createPasswords(options: {
  minLength: number;
  /** Character classes a password needs (SECURITY_PROFILE=mlps: 3 of 4); 0 or absent: none. */
  minClasses?: number;
  /** argon2 tasks at once (see `slots`); unlimited when absent. */
  concurrency?: number;
  /** Seconds each task waited for a slot (the metrics' histogram). */
  onQueued?: (seconds: number) => void;
  /**
   * Memory and passes of new hashes, real and dummy alike: ARGON2_COST unless a test asks for a
   * cheaper one (AppDeps.argon2Cost; never configurable in a deployment).
   */
  cost?: Argon2Cost;
}): Passwords {
  // algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
  const ARGON2: Options = { algorithm: 2, ...(options.cost ?? ARGON2_COST), parallelism: 1 };
  const run = slots(options.concurrency ?? Infinity, options.onQueued ?? (() => undefined));
  const hash = (password: string, o: Options) => run(() => argon2Hash(password, o));
  const verify = (passwordHash: string, password: string) => run(() => argon2Verify(passwordHash, password));
  // A real hash of a random value, made once, so the dummy verify costs what a real one costs.
  let dummyHash: Promise<string> | null = null;
  const dummy = () => (dummyHash ??= hash(randomUUID(), ARGON2));

  return {
    check(password, context) {
      const problem = checkPasswordShape(password, { min: options.minLength, minClasses: options.minClasses, context });
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

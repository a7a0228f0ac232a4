/** The bench's command line: flags given after `npm run bench --`, from server/ or from the root. */
import os from 'node:os';

export const USAGE =
  'usage: npm run bench [-- --pglite] [--redis] [--peer] [--cheap-hash] [--workers=N] [--seconds=10] [--accounts=200]';

/** Seeding in SQL (generate_series) makes this many affordable: 10 M accounts, 50 M audit rows, 10 M sessions. */
export const MAX_ACCOUNTS = 10_000_000;

/** The seed's hash under --cheap-hash (and the floor's second log-in step): a verify in about 0.1 ms. */
export const CHEAP_HASH_COST = { memoryCost: 64, timeCost: 1 };

export interface Options {
  pglite: boolean;
  redis: boolean;
  /** Also runs the better-auth peer (../shared/peers/better-auth) in this invocation. */
  peer: boolean;
  /**
   * A diagnosis, never a result: the seeded accounts share an argon2id hash of m=64 KiB, t=1
   * (a verify in about 0.1 ms), so a log-in costs what everything but its hash costs, with no
   * memory-hard hashing sharing the cores (docs/benchmark.md).
   */
  cheapHash: boolean;
  /** Server processes (node:cluster); PostgreSQL only. Default: one per core. */
  workers: number;
  seconds: number;
  accounts: number;
}

/**
 * The root script (`npm run bench -w server`) does not forward arguments: `npm run bench -- --pglite`
 * from the root reaches the inner npm, which keeps unknown flags as `npm_config_<flag>` in the
 * environment. Those are read back here, so the flags work from the root as well as from server/.
 */
function npmForwardedArgs(env: NodeJS.ProcessEnv): string[] {
  const args: string[] = [];
  for (const flag of ['pglite', 'redis', 'peer', 'cheap-hash'])
    if (env[`npm_config_${flag.replaceAll('-', '_')}`] === 'true') args.push(`--${flag}`);
  for (const flag of ['seconds', 'accounts', 'workers']) {
    const value = env[`npm_config_${flag}`];
    if (value) args.push(`--${flag}=${value}`);
  }
  return args;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = {
    pglite: false,
    redis: false,
    peer: false,
    cheapHash: false,
    workers: os.availableParallelism(),
    seconds: 10,
    accounts: 200,
  };
  let workersGiven = false;
  for (const arg of [...npmForwardedArgs(process.env), ...argv]) {
    const [flag, value] = arg.split('=', 2);
    const count = (min: number, max: number) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number ${min}–${max}`);
      return n;
    };
    if (flag === '--pglite' && value === undefined) options.pglite = true;
    else if (flag === '--redis' && value === undefined) options.redis = true;
    else if (flag === '--peer' && value === undefined) options.peer = true;
    else if (flag === '--cheap-hash' && value === undefined) options.cheapHash = true;
    else if (flag === '--seconds') options.seconds = count(1, 600);
    else if (flag === '--accounts') options.accounts = count(1, MAX_ACCOUNTS);
    else if (flag === '--workers') {
      options.workers = count(1, 64);
      workersGiven = true;
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  // The embedded database belongs to one process.
  if (options.pglite) {
    if (workersGiven && options.workers > 1) throw new Error('--pglite runs one server process (--workers=1)');
    options.workers = 1;
  }
  return options;
}

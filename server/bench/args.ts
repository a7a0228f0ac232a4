/** The bench's command line: flags given after `npm run bench --`, from server/ or from the root. */

export const USAGE = 'usage: npm run bench [-- --pglite] [--redis] [--seconds=10] [--accounts=200]';

export interface Options {
  pglite: boolean;
  redis: boolean;
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
  if (env.npm_config_pglite === 'true') args.push('--pglite');
  if (env.npm_config_redis === 'true') args.push('--redis');
  if (env.npm_config_seconds) args.push(`--seconds=${env.npm_config_seconds}`);
  if (env.npm_config_accounts) args.push(`--accounts=${env.npm_config_accounts}`);
  return args;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { pglite: false, redis: false, seconds: 10, accounts: 200 };
  for (const arg of [...npmForwardedArgs(process.env), ...argv]) {
    const [flag, value] = arg.split('=', 2);
    const count = (min: number, max: number) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number ${min}–${max}`);
      return n;
    };
    if (flag === '--pglite' && value === undefined) options.pglite = true;
    else if (flag === '--redis' && value === undefined) options.redis = true;
    else if (flag === '--seconds') options.seconds = count(1, 600);
    else if (flag === '--accounts') options.accounts = count(1, 100000);
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  return options;
}

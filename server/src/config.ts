import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CODE_LIMITS, PASSWORD_POLICY } from '@devplat/common';

/**
 * Every setting, typed and validated once at start. Nothing else reads process.env.
 * `.env.example` at the repository root lists each one.
 */
export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  /** True when PUBLIC_URL is https: Secure cookies, the __Host- prefix and HSTS. */
  https: boolean;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  logLevel: string;
  /** Addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
  /** Secret for HMACs at rest (codes, tokens' derived values). */
  secret: Buffer;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  passwordMinLength: number;
  codeTtlSeconds: number;
  codeSendsPerIpHour: number;
  loginFailuresPerIpHour: number;
  devOutbox: boolean;
  /** Staff sessions are shorter (issue: staff idle 15 min, absolute 8 h). */
  staffSessionIdleSeconds: number;
  staffSessionAbsoluteSeconds: number;
  /** Review deadline: N working days after submission (China Standard Time calendar days). */
  reviewWorkingDays: number;
  /** Extra non-working days (public holidays), YYYY-MM-DD. */
  holidays: string[];
  /** Weekend days that are working days (调休 make-up days), YYYY-MM-DD. */
  makeupWorkdays: string[];
  /** Entitlements by developer type: configuration, not code. */
  entitlements: {
    personal: { deviceCap: number | null; support7x24: boolean; consulting1v1: boolean };
    enterprise: { deviceCap: number | null; support7x24: boolean; consulting1v1: boolean };
  };
  /** AES-256-GCM keys for data at rest by key id, and the id new data is written with. */
  dataKeys: Map<string, Buffer>;
  dataKeyId: string;
  smtpUrl: string | null;
  mailFrom: string;
  webDist: string;
  /** Bearer token of GET /metrics; null: the route answers 404. */
  metricsToken: string | null;
  /** SIGTERM: seconds /readyz answers 503 before the server closes, then the hard close timeout. */
  shutdown: { drainSeconds: number; timeoutSeconds: number };
  /** PostgreSQL pool and session settings (PGlite has one connection and ignores them). */
  db: {
    poolSize: number;
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
    applicationName: string;
  };
  /** libuv's thread pool size (UV_THREADPOOL_SIZE, set by scripts/threadpool.cjs); argon2 uses one less. */
  threadpoolSize: number;
  maintenance: {
    /** Minutes between passes on each node; 0: no periodic pass (`npm run maintenance` only). */
    intervalMinutes: number;
    batchSize: number;
    /** Days ended or expired sessions are kept (the user's device list, investigations). */
    sessionRetentionDays: number;
    /** Days of audit log kept; whole months older than this are dropped. */
    auditRetentionDays: number;
  };
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Repository root (server/src/config.ts → ../..). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
  };

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, test or production (got "${nodeEnv}")`);
  }
  const mode = (['development', 'test', 'production'].includes(nodeEnv) ? nodeEnv : 'development') as Config['env'];
  const production = mode === 'production';

  const port = int('PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const dataDir = path.resolve(env.DATA_DIR || path.join(repoRoot, 'data'));
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);

  const trustedProxies = (env.TRUST_PROXY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of trustedProxies) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry)) {
      problems.push(`TRUST_PROXY must be a comma-separated list of IP addresses or CIDRs (got "${entry}")`);
    }
  }

  const codeTtlSeconds = int('CODE_TTL_SECONDS', CODE_LIMITS.ttlSecondsDefault, 60, 600);
  const devOutbox = bool('DEV_OUTBOX', !production);
  if (production && devOutbox) {
    problems.push('DEV_OUTBOX cannot be enabled when NODE_ENV=production: it would expose codes');
  }
  const dates = (name: string): string[] => {
    const list = (env[name] ?? '')
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean);
    for (const d of list) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) {
        problems.push(`${name} must be a comma-separated list of dates like 2026-10-01 (got "${d}")`);
      }
    }
    return list;
  };
  const personalCap = int('PERSONAL_DEVICE_CAP', 300, 1, 10_000_000);

  // DATA_KEYS="k1:<base64 of 32 bytes>,k2:<…>"; DATA_KEY_ID picks the one new data uses.
  const dataKeys = new Map<string, Buffer>();
  for (const entry of (env.DATA_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, material] = entry.split(':');
    const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (!id || !/^[a-z0-9_-]{1,16}$/i.test(id) || key.length !== 32) {
      problems.push('DATA_KEYS must be "id:<base64 of 32 bytes>" entries separated by commas');
    } else dataKeys.set(id, key);
  }
  let dataKeyId = env.DATA_KEY_ID || [...dataKeys.keys()].pop() || 'local';
  if (dataKeys.size > 0 && !dataKeys.has(dataKeyId))
    problems.push(`DATA_KEY_ID "${dataKeyId}" is not one of DATA_KEYS`);
  if (production && dataKeys.size === 0) problems.push('DATA_KEYS is required when NODE_ENV=production');

  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  if (production && !smtpUrl) problems.push('SMTP_URL is required when NODE_ENV=production');

  let secret: Buffer | null = null;
  if (env.APP_SECRET) {
    secret = Buffer.from(env.APP_SECRET, 'utf8');
    if (secret.length < 32) problems.push('APP_SECRET must be at least 32 characters');
  } else if (production) {
    problems.push('APP_SECRET is required when NODE_ENV=production (at least 32 random characters)');
  }

  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');
  const applicationName = env.DB_APPLICATION_NAME || 'devplat';
  if (!/^[\x20-\x7e]{1,63}$/.test(applicationName)) {
    problems.push('DB_APPLICATION_NAME must be 1 to 63 printable ASCII characters');
  }

  const config: Config = {
    env: mode,
    port,
    host,
    publicUrl,
    https: publicUrl.startsWith('https:'),
    dataDir,
    databaseUrl,
    redisUrl,
    logLevel: env.LOG_LEVEL || (mode === 'test' ? 'silent' : 'info'),
    trustedProxies,
    secret: secret ?? Buffer.alloc(0),
    sessionIdleSeconds: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60,
    sessionAbsoluteSeconds: int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30) * 3600,
    passwordMinLength: int(
      'PASSWORD_MIN_LENGTH',
      PASSWORD_POLICY.minDefault,
      PASSWORD_POLICY.minFloor,
      PASSWORD_POLICY.minCeiling,
    ),
    codeTtlSeconds,
    codeSendsPerIpHour: int('CODE_SENDS_PER_IP_HOUR', 30, 1, 100000),
    loginFailuresPerIpHour: int('LOGIN_FAILURES_PER_IP_HOUR', 100, 1, 1000000),
    devOutbox,
    staffSessionIdleSeconds: int('STAFF_SESSION_IDLE_MINUTES', 15, 1, 24 * 60) * 60,
    staffSessionAbsoluteSeconds: int('STAFF_SESSION_ABSOLUTE_HOURS', 8, 1, 24 * 30) * 3600,
    reviewWorkingDays: int('REVIEW_WORKING_DAYS', 3, 1, 60),
    holidays: dates('HOLIDAYS'),
    makeupWorkdays: dates('MAKEUP_WORKDAYS'),
    entitlements: {
      personal: { deviceCap: personalCap, support7x24: false, consulting1v1: false },
      enterprise: { deviceCap: null, support7x24: true, consulting1v1: true },
    },
    dataKeys,
    dataKeyId,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'AIoT Developer Platform <no-reply@localhost>',
    webDist: path.resolve(env.WEB_DIST || path.join(repoRoot, 'web', 'dist')),
    metricsToken,
    shutdown: {
      // Long enough for a load balancer to see /readyz fail; nothing to wait for on a laptop.
      drainSeconds: int('SHUTDOWN_DRAIN_SECONDS', production ? 5 : 0, 0, 300),
      timeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600),
    },
    db: {
      poolSize: int('DB_POOL_SIZE', 10, 1, 500),
      connectTimeoutMs: int('DB_CONNECT_TIMEOUT_SECONDS', 5, 1, 300) * 1000,
      statementTimeoutMs: int('DB_STATEMENT_TIMEOUT_SECONDS', 30, 0, 86_400) * 1000,
      idleInTransactionTimeoutMs: int('DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS', 60, 0, 86_400) * 1000,
      applicationName,
    },
    threadpoolSize: int('UV_THREADPOOL_SIZE', 4, 1, 1024),
    maintenance: {
      intervalMinutes: int('MAINTENANCE_INTERVAL_MINUTES', 15, 0, 24 * 60),
      batchSize: int('MAINTENANCE_BATCH_SIZE', 1000, 10, 100_000),
      sessionRetentionDays: int('SESSION_RETENTION_DAYS', 30, 1, 3650),
      // MLPS 2.0 (GB/T 22239-2019) asks for at least six months of security logs.
      auditRetentionDays: int('AUDIT_RETENTION_DAYS', 180, 180, 3650),
    },
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (!secret) config.secret = localSecret(dataDir, 'app-secret');
  if (dataKeys.size === 0) {
    dataKeyId = 'local';
    config.dataKeyId = dataKeyId;
    config.dataKeys = new Map([[dataKeyId, localSecret(dataDir, 'data-key')]]);
  }
  return config;
}

/**
 * Outside production a missing APP_SECRET is generated once and kept in the data folder, so
 * the first run needs nothing and codes stay verifiable across restarts.
 */
function localSecret(dataDir: string, name: string): Buffer {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  return secret;
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_LIMITS, PASSWORD_POLICY } from '@devplat/common';
import { TEMPLATE_KEYS, type TemplateKey } from './platform/messaging/templates.js';

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
  /** REQUIRE_REDIS: refuse to start without REDIS_URL (per-IP limits would be per node). */
  requireRedis: boolean;
  logLevel: string;
  /** LOG_REQUESTS: Fastify's two lines per request; off unless asked for or LOG_LEVEL is debug/trace. */
  logRequests: boolean;
  /**
   * WORKERS: server processes on this host (node:cluster, `platform/cluster`). Default: one per
   * core in production with DATABASE_URL, else 1. More than 1 needs DATABASE_URL.
   */
  workers: number;
  /** This process's index among the host's workers (DEVPLAT_WORKER_INDEX, set by the primary); 0 alone. */
  workerIndex: number;
  /** Addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
  /** Headers and body of one request must arrive within this many seconds (slow bodies). */
  requestTimeoutSeconds: number;
  /** Open connections one peer address may hold; 0 = no cap (the default behind TRUST_PROXY). */
  maxConnectionsPerIp: number;
  /** Secret for HMACs at rest (codes, tokens' derived values). */
  secret: Buffer;
  /**
   * SECURITY_PROFILE: `nist` (the default, NIST SP 800-63B) or `mlps` (MLPS 2.0, GB/T 22239-2019
   * level 3): character classes, password history and expiry, a 30-minute lock, idle log-out
   * within 15 minutes, a second factor for enterprise accounts. docs/compliance.md.
   */
  securityProfile: SecurityProfile;
  /** PASSWORD_MAX_AGE_DAYS (mlps only; off by default): an older password must be reset. */
  passwordMaxAgeDays: number | null;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  passwordMinLength: number;
  codeTtlSeconds: number;
  codeSendsPerIpHour: number;
  loginFailuresPerIpHour: number;
  devOutbox: boolean;
  /**
   * Origins a mutation may come from: PUBLIC_URL's, and in development on a loopback
   * PUBLIC_URL its twin (`localhost` ⇄ `127.0.0.1`, same port).
   */
  allowedOrigins: string[];
  /** Requests per client IP per minute on every route (`@fastify/rate-limit`). */
  rateLimitPerMinute: number;
  /** Tighter, per client IP and route: uploads, reveals, password and TOTP checks. */
  rateLimitSensitivePerMinute: number;
  /** Signed open API calls per app per minute. */
  rateLimitOpenApiPerMinute: number;
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
  sms: SmsConfig;
  /** Timeout of one send to a provider (SMS API call, SMTP phase). */
  messageSendTimeoutMs: number;
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
  /** libuv's thread pool size (UV_THREADPOOL_SIZE, set by scripts/threadpool.cjs). */
  threadpoolSize: number;
  /**
   * argon2 hashes one process runs at once: the host's cores shared by its workers (at least 1,
   * at most one less than the pool, which file reads and DNS share). More hashes than cores in
   * flight only make the event loops wait behind them (docs/benchmark.md).
   */
  argon2Concurrency: number;
  maintenance: {
    /** Minutes between passes on each node; 0: no periodic pass (`npm run maintenance` only). */
    intervalMinutes: number;
    batchSize: number;
    /** Days ended or expired sessions are kept (the user's device list, investigations). */
    sessionRetentionDays: number;
    /** Days of audit log kept; whole months older than this are dropped. */
    auditRetentionDays: number;
  };
  /** The proof-of-work challenge (ALTCHA) before register and reset code sends (issue 9, point 7). */
  codeChallenge: CodeChallengeConfig;
}

/**
 * CODE_CHALLENGE: `always` (the default), `after:N` (once one IP sent N codes within an hour) or
 * `off`; CODE_CHALLENGE_MAX_NUMBER: the largest number the solver may have to try.
 */
export interface CodeChallengeConfig {
  mode: 'always' | 'after' | 'off';
  /** With `after:N`: how many code sends from one IP per hour go without a challenge. */
  freeSendsPerIpHour: number;
  maxNumber: number;
}

export type SecurityProfile = 'nist' | 'mlps';

export type SmsProviderName = 'aliyun' | 'tencent' | 'outbox';

/** Issue 9's configuration contract: the environment names are checked from outside. */
export interface SmsConfig {
  /** In failover order; empty means SMS_PROVIDERS=none (phone flows switched off). */
  providers: SmsProviderName[];
  /** ISO 3166 country codes that may receive codes (SMS_ALLOWED_REGIONS, default CN). */
  allowedRegions: string[];
  aliyun: AliyunSmsConfig | null;
  tencent: TencentSmsConfig | null;
}

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Map<TemplateKey, string>;
  /** For numbers outside mainland China, where their template differs. */
  intlTemplates: Map<TemplateKey, string>;
  endpoint: string;
}

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templates: Map<TemplateKey, string>;
  intlTemplates: Map<TemplateKey, string>;
  region: string;
  endpoint: string;
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

/**
 * PostgreSQL connections a host opens by default, shared by its workers (DB_POOL_SIZE is per
 * worker): 20 per worker on two cores, 10 on four, never under 5. A pool smaller than a worker's
 * queries in flight makes them wait in pg-pool's queue, which cost 12–16 % of `GET /me`'s
 * throughput at 50 connections (pool 10 against 25 or 40, docs/benchmark.md); with 40 a host, two
 * hosts of up to 8 workers stay under PostgreSQL's default max_connections of 100.
 */
const HOST_DB_CONNECTIONS = 40;
export const defaultPoolSize = (workers: number) => Math.max(5, Math.round(HOST_DB_CONNECTIONS / workers));

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
  const requireRedis = bool('REQUIRE_REDIS', false);
  if (requireRedis && !redisUrl) {
    problems.push('REQUIRE_REDIS=true needs REDIS_URL: without Redis every node keeps its own per-IP limits');
  }

  const logLevel = env.LOG_LEVEL || (mode === 'test' ? 'silent' : 'info');
  const cores = os.availableParallelism();
  const workers = int('WORKERS', production && databaseUrl ? cores : 1, 1, 256);
  if (workers > 1 && !databaseUrl) {
    problems.push(
      'WORKERS above 1 needs DATABASE_URL: the embedded database (PGlite) belongs to one process; set WORKERS=1 or use PostgreSQL',
    );
  }

  const threadpoolSize = int('UV_THREADPOOL_SIZE', 4, 1, 1024);

  const trustedProxies = (env.TRUST_PROXY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of trustedProxies) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry)) {
      problems.push(`TRUST_PROXY must be a comma-separated list of IP addresses or CIDRs (got "${entry}")`);
    }
  }

  const rawProfile = (env.SECURITY_PROFILE ?? '').trim() || 'nist';
  if (rawProfile !== 'nist' && rawProfile !== 'mlps') {
    problems.push(`SECURITY_PROFILE must be nist or mlps (got "${rawProfile}")`);
  }
  const securityProfile: SecurityProfile = rawProfile === 'mlps' ? 'mlps' : 'nist';
  const mlps = securityProfile === 'mlps';
  // NIST 800-63B 5.1.1.2 says not to expire passwords: the setting belongs to the mlps profile.
  const maxAgeDays = int('PASSWORD_MAX_AGE_DAYS', 0, 0, 3650);
  if (maxAgeDays > 0 && !mlps) {
    problems.push('PASSWORD_MAX_AGE_DAYS needs SECURITY_PROFILE=mlps (NIST 800-63B asks for no expiry)');
  }
  // MLPS 2.0 level 3 (8.1.4.1 b): log out after 10 to 15 minutes idle; staff within 15 too.
  const idleMinutes = int('SESSION_IDLE_MINUTES', mlps ? 15 : 30, 1, 24 * 60);
  if (mlps && (idleMinutes < 10 || idleMinutes > 15)) {
    problems.push(`SESSION_IDLE_MINUTES must be from 10 to 15 with SECURITY_PROFILE=mlps (got ${idleMinutes})`);
  }
  const staffIdleMinutes = int('STAFF_SESSION_IDLE_MINUTES', 15, 1, 24 * 60);
  if (mlps && staffIdleMinutes > 15) {
    problems.push(`STAFF_SESSION_IDLE_MINUTES must be at most 15 with SECURITY_PROFILE=mlps (got ${staffIdleMinutes})`);
  }

  const codeTtlSeconds = int('CODE_TTL_SECONDS', CODE_LIMITS.ttlSecondsDefault, 60, 600);
  const devOutbox = bool('DEV_OUTBOX', !production);
  const publicHost = new URL(publicUrl).hostname;
  if (production && devOutbox) {
    problems.push('DEV_OUTBOX cannot be enabled when NODE_ENV=production: it would expose codes');
  } else if (devOutbox && !(isLoopback(host) && isLoopback(publicHost))) {
    // The outbox answers anybody who can reach the server with everyone's codes: only on one machine.
    problems.push(
      `DEV_OUTBOX (on by default outside production) needs HOST on loopback and a localhost PUBLIC_URL ` +
        `(got HOST=${host}, PUBLIC_URL=${publicUrl}); set DEV_OUTBOX=false and SMTP_URL, or listen on 127.0.0.1`,
    );
  }
  const publicOrigin = new URL(publicUrl).origin;
  const allowedOrigins = [publicOrigin];
  if (!production && publicUrl.startsWith('http:') && ['localhost', '127.0.0.1'].includes(publicHost)) {
    const twin = new URL(publicUrl);
    twin.hostname = publicHost === 'localhost' ? '127.0.0.1' : 'localhost';
    allowedOrigins.push(twin.origin);
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

  const sms = smsConfig(env, problems, { production, devOutbox, url });

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
    requireRedis,
    logLevel,
    logRequests: bool('LOG_REQUESTS', ['debug', 'trace'].includes(logLevel)),
    workers,
    workerIndex: int('DEVPLAT_WORKER_INDEX', 0, 0, 1023),
    trustedProxies,
    requestTimeoutSeconds: int('REQUEST_TIMEOUT_SECONDS', 60, 1, 600),
    // Behind a proxy every connection comes from the proxy: the cap belongs there.
    maxConnectionsPerIp: int('MAX_CONNECTIONS_PER_IP', trustedProxies.length > 0 ? 0 : 64, 0, 100000),
    secret: secret ?? Buffer.alloc(0),
    securityProfile,
    passwordMaxAgeDays: maxAgeDays > 0 ? maxAgeDays : null,
    sessionIdleSeconds: idleMinutes * 60,
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
    allowedOrigins,
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
    rateLimitSensitivePerMinute: int('RATE_LIMIT_SENSITIVE_PER_MINUTE', 30, 1, 10_000_000),
    rateLimitOpenApiPerMinute: int('RATE_LIMIT_OPEN_API_PER_MINUTE', 600, 1, 10_000_000),
    staffSessionIdleSeconds: staffIdleMinutes * 60,
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
    sms,
    messageSendTimeoutMs: int('MESSAGE_SEND_TIMEOUT_SECONDS', 10, 1, 120) * 1000,
    metricsToken,
    shutdown: {
      // Long enough for a load balancer to see /readyz fail; nothing to wait for on a laptop.
      drainSeconds: int('SHUTDOWN_DRAIN_SECONDS', production ? 5 : 0, 0, 300),
      timeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600),
    },
    db: {
      poolSize: int('DB_POOL_SIZE', defaultPoolSize(workers), 1, 500),
      connectTimeoutMs: int('DB_CONNECT_TIMEOUT_SECONDS', 5, 1, 300) * 1000,
      statementTimeoutMs: int('DB_STATEMENT_TIMEOUT_SECONDS', 30, 0, 86_400) * 1000,
      idleInTransactionTimeoutMs: int('DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS', 60, 0, 86_400) * 1000,
      applicationName,
    },
    threadpoolSize,
    argon2Concurrency: Math.max(1, Math.min(threadpoolSize - 1, Math.ceil(cores / workers))),
    maintenance: {
      intervalMinutes: int('MAINTENANCE_INTERVAL_MINUTES', 15, 0, 24 * 60),
      batchSize: int('MAINTENANCE_BATCH_SIZE', 1000, 10, 100_000),
      sessionRetentionDays: int('SESSION_RETENTION_DAYS', 30, 1, 3650),
      // MLPS 2.0 (GB/T 22239-2019) asks for at least six months of security logs.
      auditRetentionDays: int('AUDIT_RETENTION_DAYS', 180, 180, 3650),
    },
    codeChallenge: codeChallengeConfig(env, problems, int),
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
 * What start-up should warn about without refusing: production on several nodes without Redis
 * multiplies every per-IP cap by the number of nodes (REQUIRE_REDIS=true refuses instead).
 */
export function startupWarnings(config: Pick<Config, 'env' | 'redisUrl'>): string[] {
  if (config.env === 'production' && !config.redisUrl) {
    return [
      'REDIS_URL is not set: per-IP limits (code sends, failed log-ins, requests per minute) are counted per node, ' +
        'so N nodes allow N times each cap; set REDIS_URL, or REQUIRE_REDIS=true to refuse to start without it',
    ];
  }
  return [];
}

/** SMS_PROVIDERS and each provider's settings; problems name the setting (and the template key). */
function smsConfig(
  env: Env,
  problems: string[],
  {
    production,
    devOutbox,
    url,
  }: { production: boolean; devOutbox: boolean; url: (name: string, p: string[]) => string | null },
): SmsConfig {
  const list = (name: string) =>
    (env[name] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const raw = list('SMS_PROVIDERS');
  let providers: SmsProviderName[] = [];
  if (raw.length === 0) {
    if (production) {
      problems.push(
        'SMS_PROVIDERS is required when NODE_ENV=production: aliyun and/or tencent in failover order, or none to switch phone sign-up and phone codes off',
      );
    } else if (devOutbox) providers = ['outbox'];
  } else if (!(raw.length === 1 && raw[0] === 'none')) {
    for (const name of raw) {
      if (name !== 'aliyun' && name !== 'tencent' && name !== 'outbox') {
        problems.push(
          `SMS_PROVIDERS must list aliyun, tencent and outbox (comma-separated), or be none (got "${name}")`,
        );
      } else if (providers.includes(name)) problems.push(`SMS_PROVIDERS lists ${name} twice`);
      else providers.push(name);
    }
    if (providers.includes('outbox') && !devOutbox) {
      problems.push('SMS_PROVIDERS=outbox needs the dev outbox (DEV_OUTBOX), which production refuses');
    }
  }
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required when SMS_PROVIDERS includes ${name.split('_')[0]!.toLowerCase()}`);
    return value ?? '';
  };
  // "code.register=SMS_1001,code.reset_password=SMS_1002": every key must have an id.
  const templates = (name: string, all: boolean) => {
    const map = new Map<TemplateKey, string>();
    for (const pair of list(name)) {
      const [key, id] = pair.split('=').map((s) => s.trim());
      if (!key || !id || !(TEMPLATE_KEYS as readonly string[]).includes(key)) {
        problems.push(
          `${name} must be key=template-id pairs with keys from ${TEMPLATE_KEYS.join(', ')} (got "${pair}")`,
        );
      } else map.set(key as TemplateKey, id);
    }
    if (all) {
      for (const key of TEMPLATE_KEYS) if (!map.has(key)) problems.push(`${name} has no template id for ${key}`);
    }
    return map;
  };
  const endpoint = (name: string, fallback: string) => url(name, ['http:', 'https:']) ?? fallback;

  const aliyun = providers.includes('aliyun')
    ? {
        accessKeyId: required('ALIYUN_SMS_ACCESS_KEY_ID'),
        accessKeySecret: required('ALIYUN_SMS_ACCESS_KEY_SECRET'),
        signName: required('ALIYUN_SMS_SIGN_NAME'),
        templates: templates('ALIYUN_SMS_TEMPLATES', true),
        intlTemplates: templates('ALIYUN_SMS_INTL_TEMPLATES', false),
        endpoint: endpoint('ALIYUN_SMS_ENDPOINT', 'https://dysmsapi.aliyuncs.com'),
      }
    : null;
  const tencent = providers.includes('tencent')
    ? {
        secretId: required('TENCENT_SMS_SECRET_ID'),
        secretKey: required('TENCENT_SMS_SECRET_KEY'),
        sdkAppId: required('TENCENT_SMS_SDK_APP_ID'),
        signName: required('TENCENT_SMS_SIGN_NAME'),
        templates: templates('TENCENT_SMS_TEMPLATES', true),
        intlTemplates: templates('TENCENT_SMS_INTL_TEMPLATES', false),
        region: env.TENCENT_SMS_REGION?.trim() || 'ap-guangzhou',
        endpoint: endpoint('TENCENT_SMS_ENDPOINT', 'https://sms.tencentcloudapi.com'),
      }
    : null;

  const allowedRegions = list('SMS_ALLOWED_REGIONS').map((r) => r.toUpperCase());
  for (const region of allowedRegions) {
    if (!/^[A-Z]{2}$/.test(region)) {
      problems.push(`SMS_ALLOWED_REGIONS must be comma-separated ISO country codes such as CN,HK (got "${region}")`);
    }
  }
  return { providers, allowedRegions: allowedRegions.length > 0 ? allowedRegions : ['CN'], aliyun, tencent };
}

/** 127.0.0.0/8, ::1 and localhost (with its subdomains, RFC 6761): reachable from this machine only. */
function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** CODE_CHALLENGE and CODE_CHALLENGE_MAX_NUMBER. */
function codeChallengeConfig(
  env: Env,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): CodeChallengeConfig {
  // About 1–2 s of SHA-256 in a phone's browser on average; tests lower it to stay fast.
  const maxNumber = int('CODE_CHALLENGE_MAX_NUMBER', 200_000, 100, 10_000_000);
  const raw = (env.CODE_CHALLENGE ?? '').trim() || 'always';
  if (raw === 'always' || raw === 'off') return { mode: raw, freeSendsPerIpHour: 0, maxNumber };
  const after = /^after:(\d{1,6})$/.exec(raw);
  if (after && Number(after[1]) >= 1) return { mode: 'after', freeSendsPerIpHour: Number(after[1]), maxNumber };
  problems.push(`CODE_CHALLENGE must be always, after:N (N ≥ 1 code sends from one IP per hour) or off (got "${raw}")`);
  return { mode: 'always', freeSendsPerIpHour: 0, maxNumber };
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

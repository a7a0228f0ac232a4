import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, startupWarnings } from '../src/config.js';

const SECRET = 'x'.repeat(32);
const dataDir = () => mkdtempSync(path.join(tmpdir(), 'devplat-config-'));

/** The ConfigError loadConfig throws for an environment (fails the test when it does not throw). */
function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const DATA_KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

describe('loadConfig', () => {
  it('defaults: development on localhost:3000, outbox on, no external services, a generated secret', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      https: false,
      dataDir: dir,
      databaseUrl: null,
      redisUrl: null,
      logLevel: 'info',
      trustedProxies: [],
      sessionIdleSeconds: 30 * 60,
      sessionAbsoluteSeconds: 12 * 3600,
      passwordMinLength: 8,
      codeTtlSeconds: 300,
      devOutbox: true,
      smtpUrl: null,
    });
    expect(config.secret.length).toBe(32);
    // The generated secret is kept: a second start verifies the same codes.
    expect(loadConfig({ DATA_DIR: dir }).secret.equals(config.secret)).toBe(true);
  });

  it('test mode logs nothing by default; an explicit LOG_LEVEL wins', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it('reads valid settings: https PUBLIC_URL (trailing slash dropped), databases, proxies, limits', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      PORT: '8080',
      PUBLIC_URL: 'https://console.example.com/',
      DATABASE_URL: 'postgresql://u@db:5432/devplat',
      REDIS_URL: 'rediss://cache:6380',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1 ,::1',
      CODE_TTL_SECONDS: '600',
      APP_SECRET: SECRET,
      DEV_OUTBOX: 'off',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://console.example.com',
      https: true,
      databaseUrl: 'postgresql://u@db:5432/devplat',
      redisUrl: 'rediss://cache:6380',
      trustedProxies: ['10.0.0.0/8', '127.0.0.1', '::1'],
      codeTtlSeconds: 600,
      devOutbox: false,
    });
    expect(config.secret.toString('utf8')).toBe(SECRET);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '3000.5'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://cache'],
    ['SMTP_URL', 'http://mail'],
    ['PUBLIC_URL', 'ftp://console.example.com'],
    ['TRUST_PROXY', 'foo'],
    ['TRUST_PROXY', '10.0.0.1, proxy.local'],
    ['CODE_TTL_SECONDS', '900'],
    ['CODE_TTL_SECONDS', '59'],
    ['PASSWORD_MIN_LENGTH', '6'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['DEV_OUTBOX', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['APP_SECRET', 'too-short'],
  ])('refuses %s=%s with a ConfigError naming the variable', (name, value) => {
    expect(refusal({ [name]: value }).message).toContain(name);
  });

  it('reports every bad variable at once', () => {
    const { message } = refusal({ PORT: 'abc', NODE_ENV: 'staging', DATABASE_URL: 'mysql://x' });
    for (const name of ['PORT', 'NODE_ENV', 'DATABASE_URL']) expect(message).toContain(name);
  });

  it('production requires APP_SECRET and SMTP_URL', () => {
    const { message } = refusal({ NODE_ENV: 'production' });
    expect(message).toContain('APP_SECRET');
    expect(message).toContain('SMTP_URL');
    expect(refusal({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail' }).message).toContain('APP_SECRET');
    expect(refusal({ NODE_ENV: 'production', APP_SECRET: SECRET }).message).toContain('SMTP_URL');
  });

  it('production refuses the dev outbox (it would expose codes)', () => {
    for (const on of ['true', '1', 'yes', 'ON']) {
      const { message } = refusal({
        NODE_ENV: 'production',
        APP_SECRET: SECRET,
        SMTP_URL: 'smtp://mail',
        DEV_OUTBOX: on,
      });
      expect(message).toContain('DEV_OUTBOX');
    }
  });

  it('production requires DATA_KEYS, each a 32-byte key, and DATA_KEY_ID among them', () => {
    const base = { NODE_ENV: 'production', APP_SECRET: SECRET, SMTP_URL: 'smtp://mail' };
    expect(refusal(base).message).toContain('DATA_KEYS');
    expect(refusal({ ...base, DATA_KEYS: 'k1:c2hvcnQ=' }).message).toContain('DATA_KEYS');
    expect(refusal({ ...base, DATA_KEYS: DATA_KEYS, DATA_KEY_ID: 'k9' }).message).toContain('DATA_KEY_ID');
  });

  it('production with APP_SECRET, SMTP_URL and DATA_KEYS starts with the dev outbox off', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      APP_SECRET: SECRET,
      SMTP_URL: 'smtps://mail:465',
      DATA_KEYS,
      // Issue 9: production also names its SMS providers, or none on purpose.
      SMS_PROVIDERS: 'none',
    });
    expect(config.dataKeyId).toBe('k1');
    expect(config).toMatchObject({
      env: 'production',
      devOutbox: false,
      smtpUrl: 'smtps://mail:465',
      logLevel: 'info',
    });
    expect(config.secret.toString('utf8')).toBe(SECRET);
    const explicit = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      APP_SECRET: SECRET,
      SMTP_URL: 'smtp://mail',
      DATA_KEYS,
      SMS_PROVIDERS: 'none',
      DEV_OUTBOX: 'false',
    });
    expect(explicit.devOutbox).toBe(false);
  });

  it('the dev outbox runs only on loopback with a localhost PUBLIC_URL; otherwise start-up refuses', () => {
    const refused: Record<string, string>[] = [
      { HOST: '0.0.0.0' },
      { HOST: '::' },
      { HOST: '192.168.1.20', PUBLIC_URL: 'http://192.168.1.20:3000' },
      { PUBLIC_URL: 'https://console.example.com' },
      { PUBLIC_URL: 'http://localhost.example.com:3000' },
      { HOST: '0.0.0.0', DEV_OUTBOX: 'true' },
    ];
    for (const env of refused) {
      const { message } = refusal(env);
      expect(message, JSON.stringify(env)).toContain('DEV_OUTBOX');
      expect(message).toContain('PUBLIC_URL');
    }
    const accepted: Record<string, string>[] = [
      {},
      { HOST: '::1', PUBLIC_URL: 'http://[::1]:3000' },
      { HOST: '127.0.0.2', PUBLIC_URL: 'http://127.0.0.1:3000' },
      { PUBLIC_URL: 'https://devplat.localhost' },
    ];
    for (const env of accepted) {
      expect(loadConfig({ DATA_DIR: dataDir(), ...env }).devOutbox, JSON.stringify(env)).toBe(true);
    }
    // Without the outbox any host is fine.
    expect(loadConfig({ DATA_DIR: dataDir(), HOST: '0.0.0.0', DEV_OUTBOX: 'false' }).devOutbox).toBe(false);
  });

  it('development accepts the loopback twin of PUBLIC_URL as an origin; production only PUBLIC_URL', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).allowedOrigins).toEqual([
      'http://localhost:3000',
      'http://127.0.0.1:3000',
    ]);
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'http://127.0.0.1:8080/' }).allowedOrigins).toEqual([
      'http://127.0.0.1:8080',
      'http://localhost:8080',
    ]);
    const production = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      APP_SECRET: SECRET,
      SMTP_URL: 'smtp://mail',
      SMS_PROVIDERS: 'none',
      DATA_KEYS,
      PUBLIC_URL: 'http://localhost:3000',
    });
    expect(production.allowedOrigins).toEqual(['http://localhost:3000']);
  });

  it('REQUIRE_REDIS=true refuses to start without REDIS_URL, and starts with it', () => {
    expect(refusal({ REQUIRE_REDIS: 'true' }).message).toMatch(/REQUIRE_REDIS=true needs REDIS_URL/);
    expect(refusal({ REQUIRE_REDIS: 'maybe' }).message).toContain('REQUIRE_REDIS must be true or false');
    const config = loadConfig({ DATA_DIR: dataDir(), REQUIRE_REDIS: 'true', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config).toMatchObject({ requireRedis: true, redisUrl: 'redis://127.0.0.1:6379' });
  });

  it('production without REDIS_URL warns that per-IP limits are per node; with it, or outside production, no warning', () => {
    const production = { DATA_DIR: dataDir(), NODE_ENV: 'production', APP_SECRET: SECRET, SMTP_URL: 'smtp://mail' };
    const alone = loadConfig({ ...production, DATA_KEYS, SMS_PROVIDERS: 'none' });
    expect(startupWarnings(alone)).toEqual([expect.stringMatching(/per-IP limits .* are counted per node/)]);
    const shared = loadConfig({ ...production, DATA_KEYS, SMS_PROVIDERS: 'none', REDIS_URL: 'redis://r:6379' });
    expect(startupWarnings(shared)).toEqual([]);
    expect(startupWarnings(loadConfig({ DATA_DIR: dataDir() }))).toEqual([]);
  });

  it('rate limits have defaults and are configurable', () => {
    expect(loadConfig({ DATA_DIR: dataDir() })).toMatchObject({
      rateLimitPerMinute: 600,
      rateLimitSensitivePerMinute: 30,
      rateLimitOpenApiPerMinute: 600,
    });
    expect(loadConfig({ DATA_DIR: dataDir(), RATE_LIMIT_SENSITIVE_PER_MINUTE: '5' }).rateLimitSensitivePerMinute).toBe(
      5,
    );
    expect(refusal({ RATE_LIMIT_PER_MINUTE: '0' }).message).toContain('RATE_LIMIT_PER_MINUTE');
  });
});

describe('operations settings', () => {
  it('share 40 PostgreSQL connections a host among its workers by default, at least 5 each; DB_POOL_SIZE sets it per worker', () => {
    const poolOf = (env: Record<string, string>) =>
      loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://127.0.0.1:5432/x', ...env }).db.poolSize;
    expect(poolOf({ WORKERS: '1' })).toBe(40);
    expect(poolOf({ WORKERS: '2' })).toBe(20);
    expect(poolOf({ WORKERS: '4' })).toBe(10);
    expect(poolOf({ WORKERS: '16' })).toBe(5);
    expect(poolOf({ WORKERS: '2', DB_POOL_SIZE: '7' })).toBe(7);
  });

  it('default to a bounded pool, timeouts, no metrics token, a 180-day audit log and a drain only in production', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      metricsToken: null,
      shutdown: { drainSeconds: 0, timeoutSeconds: 10 },
      db: {
        poolSize: 40,
        connectTimeoutMs: 5000,
        statementTimeoutMs: 30_000,
        idleInTransactionTimeoutMs: 60_000,
        applicationName: 'devplat',
      },
      maintenance: { intervalMinutes: 15, batchSize: 1000, sessionRetentionDays: 30, auditRetentionDays: 180 },
    });
    const production = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      APP_SECRET: SECRET,
      DATA_KEYS,
      SMTP_URL: 'smtp://mail.example.com',
      SMS_PROVIDERS: 'none',
    });
    expect(production.shutdown.drainSeconds).toBe(5);
  });

  it('refuses a short metrics token, an audit retention under 180 days and a bad pool size', () => {
    const { message } = refusal({ METRICS_TOKEN: 'short', AUDIT_RETENTION_DAYS: '90', DB_POOL_SIZE: '0' });
    expect(message).toContain('METRICS_TOKEN must be at least 16 characters');
    expect(message).toContain('AUDIT_RETENTION_DAYS must be a whole number from 180');
    expect(message).toContain('DB_POOL_SIZE must be a whole number from 1');
  });
});

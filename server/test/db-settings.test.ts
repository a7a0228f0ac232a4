import { describe, expect, it } from 'vitest';
import { postgresDb } from '../src/platform/db/index.js';
import { createReadiness } from '../src/platform/http/health.js';

describe.runIf(process.env.TEST_DB_KIND === 'postgres')('PostgreSQL connection settings', () => {
  it('every pooled connection carries the statement and idle-in-transaction timeouts and the application name', async () => {
    const db = postgresDb(process.env.TEST_DATABASE_URL!, {
      poolSize: 2,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 1234,
      idleInTransactionTimeoutMs: 5678,
      applicationName: 'devplat-settings-test',
    });
    try {
      const { rows } = await db.query<Record<string, string>>(
        `SELECT current_setting('statement_timeout') AS statement,
                current_setting('idle_in_transaction_session_timeout') AS idle,
                current_setting('application_name') AS name`,
      );
      expect(rows[0]).toEqual({ statement: '1234ms', idle: '5678ms', name: 'devplat-settings-test' });
      await expect(db.query('SELECT pg_sleep(3)')).rejects.toThrow(/statement timeout/);
      expect(db.poolStats!()).toMatchObject({ waiting: 0 });
    } finally {
      await db.close();
    }
  });
});

describe('readiness probes', () => {
  it('fail when a dependency errors or hangs past the timeout, and once draining', async () => {
    const hang = () => new Promise(() => undefined);
    await expect(createReadiness({ database: async () => undefined }).check()).resolves.toBeUndefined();
    await expect(createReadiness({ redis: () => Promise.reject(new Error('down')) }).check()).rejects.toThrow('down');
    await expect(createReadiness({ redis: hang }, 50).check()).rejects.toThrow(/redis did not answer within 50 ms/);
    const r = createReadiness({});
    expect(r.draining).toBe(false);
    r.drain();
    expect(r.draining).toBe(true);
  });
});

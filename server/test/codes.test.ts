import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCode } from '../src/platform/crypto.js';
import {
  GOOD_PASSWORD,
  randomIp,
  startTestApp,
  uniqueEmail,
  uniquePhone,
  withoutRequestId,
  type TestApp,
} from './harness.js';

let t: TestApp;
const logs: string[] = [];
/** Codes the next sends issue, in order; the CSPRNG once it is empty. */
const nextCodes: string[] = [];
beforeAll(async () => {
  t = await startTestApp({ logs, codeGenerator: () => nextCodes.shift() ?? newCode() });
});
afterAll(() => t.close());

const signUp = (phone: string, code: string | null) =>
  t.request({ url: '/api/v1/accounts', body: { phone, code, password: GOOD_PASSWORD }, ip: randomIp() });

const outboxCount = async (to: string) =>
  (await t.request({ url: `/api/v1/dev/outbox?to=${encodeURIComponent(to)}&limit=50` })).json().messages
    .length as number;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('SECURITY 6: codes are 6 digits from the CSPRNG', () => {
  it('every code is exactly six digits', async () => {
    for (let i = 0; i < 5; i++) {
      const phone = uniquePhone();
      await t.sendCode(phone);
      expect(await t.latestCode(phone)).toMatch(/^\d{6}$/);
    }
  });

  it('no server source uses Math.random', () => {
    const offenders = sourceFiles(path.resolve(import.meta.dirname, '../src')).filter((f) =>
      /Math\.random/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

describe('SECURITY 7: expiry, single use, binding, replacement', () => {
  it('a code expires after 5 minutes', async () => {
    const phone = uniquePhone();
    const sent = await t.sendCode(phone);
    expect(sent.json()).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    const code = await t.latestCode(phone);
    t.clock.advance(301);
    const res = await signUp(phone, code);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('verification_code.invalid');
  });

  it('a code works once', async () => {
    const email = uniqueEmail();
    await t.sendCode(email);
    const code = await t.latestCode(email);
    const first = await t.request({ url: '/api/v1/accounts', body: { email, code, password: GOOD_PASSWORD } });
    expect(first.statusCode).toBe(201);
    await t.db.query('DELETE FROM accounts WHERE email = $1', [email]);
    const again = await t.request({ url: '/api/v1/accounts', body: { email, code, password: GOOD_PASSWORD } });
    expect(again.json().code).toBe('verification_code.invalid');
  });

  it('a code is bound to its target: it does not work for another phone', async () => {
    const a = uniquePhone();
    const b = uniquePhone();
    // Two different codes, so b's own code cannot make a's pass by coincidence.
    nextCodes.push('314159', '271828');
    await t.sendCode(a);
    await t.sendCode(b);
    const codeA = await t.latestCode(a);
    expect([codeA, await t.latestCode(b)]).toEqual(['314159', '271828']);
    const res = await signUp(b, codeA);
    expect(res.json().code).toBe('verification_code.invalid');
    expect((await signUp(a, codeA)).statusCode).toBe(201);
  });

  it('a code is bound to its purpose', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    await t.db.query(`UPDATE verification_codes SET purpose = 'reset_password' WHERE target = $1`, [phone]);
    expect((await signUp(phone, await t.latestCode(phone))).json().code).toBe('verification_code.invalid');
  });

  it('a new code voids the previous one', async () => {
    const phone = uniquePhone();
    nextCodes.push('161803', '141421');
    await t.sendCode(phone);
    const old = await t.latestCode(phone);
    t.clock.advance(61);
    await t.sendCode(phone);
    const fresh = await t.latestCode(phone);
    expect([old, fresh]).toEqual(['161803', '141421']);
    expect((await signUp(phone, old)).json().code).toBe('verification_code.invalid');
    expect((await signUp(phone, fresh)).statusCode).toBe(201);
  });

  it("an account's codes go with the account (migration 0017's trigger, in place of the foreign key)", async () => {
    const account = await t.register();
    const phone = uniquePhone();
    await t.db.query(
      `INSERT INTO verification_codes (purpose, channel, target, account_id, code_hmac, created_at, expires_at)
       VALUES ('reset_password', 'sms', $1, $2, '\\x00', now(), now() + interval '5 minutes')`,
      [phone, account.account.id],
    );
    const codes = async () =>
      (await t.db.query('SELECT 1 FROM verification_codes WHERE account_id = $1', [account.account.id])).rows.length;
    expect(await codes()).toBe(1);
    await t.db.query('DELETE FROM accounts WHERE id = $1', [account.account.id]);
    expect(await codes()).toBe(0);
  });
});

describe('SECURITY 8: tries', () => {
  it('a code is void after five wrong tries, even for the right code after', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    const code = await t.latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await signUp(phone, wrong)).json().code).toBe('verification_code.invalid');
    expect((await signUp(phone, code)).json().code).toBe('verification_code.invalid');
    const { rows } = await t.db.query<{ attempts: number; voided: boolean }>(
      'SELECT attempts, voided_at IS NOT NULL AS voided FROM verification_codes WHERE target = $1',
      [phone],
    );
    expect(rows).toEqual([{ attempts: 5, voided: true }]);
  });

  it('tries are counted before comparing: four wrong then the right one works', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    const code = await t.latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) await signUp(phone, wrong);
    expect((await signUp(phone, code)).statusCode).toBe(201);
  });

  it('parallel uses of one code consume it once', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    const code = await t.latestCode(phone);
    const results = await Promise.all(Array.from({ length: 6 }, () => signUp(phone, code)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
  });
});

describe('SECURITY 9: sending is throttled', () => {
  it('60 s cooldown per target, with 429 and Retry-After, and no message sent', async () => {
    const phone = uniquePhone();
    expect((await t.sendCode(phone)).statusCode).toBe(202);
    t.clock.advance(30);
    const refused = await t.sendCode(phone);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('verification_code.throttled');
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.json().details.retryAfterSeconds).toBe(30);
    expect(await outboxCount(phone)).toBe(1);
    t.clock.advance(30);
    expect((await t.sendCode(phone)).statusCode).toBe(202);
  });

  it('at most 5 per hour and 10 per day per target', async () => {
    const phone = uniquePhone();
    for (let i = 0; i < 5; i++) {
      expect((await t.sendCode(phone)).statusCode).toBe(202);
      t.clock.advance(61);
    }
    const sixth = await t.sendCode(phone);
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(60);
    t.clock.advance(3600);
    for (let i = 0; i < 5; i++) {
      expect((await t.sendCode(phone)).statusCode).toBe(202);
      t.clock.advance(61);
    }
    t.clock.advance(3600);
    const eleventh = await t.sendCode(phone);
    expect(eleventh.statusCode).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(3600);
    expect(await outboxCount(phone)).toBe(10);
    t.clock.advance(86_400);
    expect((await t.sendCode(phone)).statusCode).toBe(202);
  });

  it('per-IP cap across many targets', async () => {
    const ip = randomIp();
    const cap = t.config.codeSendsPerIpHour;
    for (let i = 0; i < cap; i++) expect((await t.sendCode(uniquePhone(), ip)).statusCode).toBe(202);
    const target = uniquePhone();
    const refused = await t.sendCode(target, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(await outboxCount(target)).toBe(0);
    expect((await t.sendCode(target, randomIp())).statusCode).toBe(202);
  });
});

describe('SECURITY 10: codes only as HMAC, never in logs or responses', () => {
  it('the database holds no plain code and responses do not echo it', async () => {
    const phone = uniquePhone();
    const sent = await t.sendCode(phone);
    const code = (await t.latestCode(phone))!;
    expect(sent.body).not.toContain(code);
    const { rows } = await t.db.query<{ row: string }>(
      'SELECT row_to_json(v)::text AS row FROM verification_codes v WHERE target = $1',
      [phone],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(code);
    const failed = await signUp(phone, code.split('').reverse().join(''));
    expect(failed.body).not.toContain(code);
    const ok = await signUp(phone, code);
    expect(ok.statusCode).toBe(201);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(code);
    expect(logs.join('\n')).not.toContain(GOOD_PASSWORD);
  });
});

describe('SECURITY 11: a contact is bound only after its code is verified', () => {
  it('no account exists after a wrong or missing code', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    const code = await t.latestCode(phone);
    await signUp(phone, code === '123456' ? '654321' : '123456');
    expect((await signUp(phone, null)).statusCode).toBe(400);
    const never = uniquePhone();
    expect((await signUp(never, '123456')).json().code).toBe('verification_code.invalid');
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM accounts WHERE phone IN ($1, $2)', [
      phone,
      never,
    ]);
    expect(rows[0]).toEqual({ n: 0 });
  });
});

describe('SECURITY 13: register codes do not reveal registered contacts', () => {
  it('a registered contact gets the same answer and a notice instead of a code', async () => {
    const { contact } = await t.register({ email: uniqueEmail() });
    t.clock.advance(61);
    const fresh = uniqueEmail();
    const forNew = await t.sendCode(fresh);
    const forExisting = await t.sendCode(contact);
    expect(forExisting.statusCode).toBe(forNew.statusCode);
    expect(forExisting.body).toBe(forNew.body);
    expect(Object.keys(forExisting.headers).sort()).toEqual(Object.keys(forNew.headers).sort());
    const messages = (await t.request({ url: `/api/v1/dev/outbox?to=${encodeURIComponent(contact)}` })).json().messages;
    expect(messages[0].text).not.toMatch(/\b\d{6}\b/);
    expect(messages[0].text).toMatch(/已有账号|already has an account/);
  });

  it('a registered contact is throttled exactly like a new one', async () => {
    const { contact } = await t.register();
    t.clock.advance(61);
    const fresh = uniquePhone();
    await t.sendCode(contact);
    await t.sendCode(fresh);
    const a = await t.sendCode(contact);
    const b = await t.sendCode(fresh);
    expect(a.statusCode).toBe(429);
    expect(withoutRequestId(a.body)).toBe(withoutRequestId(b.body));
  });
});

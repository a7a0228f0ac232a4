import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonPasswords, createPasswords } from '../src/platform/passwords.js';
import { GOOD_PASSWORD, randomIp, startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ argon2: 'production' });
});
afterAll(() => t.close());

/** Tries to sign up with a password; returns the answer. */
async function signUpWith(password: string, contact: { phone?: string; email?: string } = { phone: uniquePhone() }) {
  const to = (contact.phone ?? contact.email)!;
  await t.sendCode(to);
  const code = await t.latestCode(to);
  return t.request({ url: '/api/v1/accounts', body: { ...contact, code, password }, ip: randomIp() });
}

const login = (identifier: string, password: string) =>
  t.request({ url: '/api/v1/sessions', body: { identifier, password }, ip: randomIp() });

describe('SECURITY 1: length 8–128 code points, no truncation', () => {
  it('7 code points are too short, 8 are enough', async () => {
    const short = await signUpWith('kq7#vmz');
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'password.too_short', details: { min: 8 } });
    expect((await signUpWith('kq7#vmzp')).statusCode).toBe(201);
  });

  it('counts code points, not UTF-16 units: 8 emoji are 8 characters', async () => {
    expect((await signUpWith('🦊🐙🦉🐢🦔🐝🦎🐬')).statusCode).toBe(201);
  });

  it('129 code points are refused with a fast 400, and so is a huge body field; nothing is truncated', async () => {
    const over = await signUpWith('x7'.repeat(64) + 'q');
    expect(over.json()).toMatchObject({ code: 'password.too_long', details: { max: 128 } });
    const huge = await t.request({
      url: '/api/v1/accounts',
      body: { phone: uniquePhone(), code: '123456', password: 'a'.repeat(100_000) },
    });
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    expect(huge.statusCode).toBeLessThan(500);
    // 128 accepted, and the 128th character matters (no truncation).
    const phone = uniquePhone();
    const exact = 'r9'.repeat(63) + 'zz';
    expect((await signUpWith(exact, { phone })).statusCode).toBe(201);
    expect((await login(phone, 'r9'.repeat(63) + 'zy')).statusCode).toBe(401);
    expect((await login(phone, exact)).statusCode).toBe(200);
  });

  it('the minimum is configurable', async () => {
    const strict = await startTestApp({ env: { PASSWORD_MIN_LENGTH: '12' } });
    try {
      const phone = uniquePhone();
      await strict.sendCode(phone);
      const res = await strict.request({
        url: '/api/v1/accounts',
        body: { phone, code: await strict.latestCode(phone), password: 'kq7#vmzp-x' },
      });
      expect(res.json()).toMatchObject({ code: 'password.too_short', details: { min: 12 } });
    } finally {
      await strict.close();
    }
  });
});

describe('SECURITY 2: any Unicode, no composition rules, NFKC, verified as typed', () => {
  it('all-lowercase, spaces and CJK are fine', async () => {
    expect((await signUpWith('correct horse battery')).statusCode).toBe(201);
    expect((await signUpWith('春眠不觉晓处处闻啼鸟')).statusCode).toBe(201);
  });

  it('NFKC: a full-width password logs in with its ASCII form; case still matters', async () => {
    const phone = uniquePhone();
    expect((await signUpWith('Ｖｉｏｌｅｔ－ｏｔｔｅｒ－９', { phone })).statusCode).toBe(201);
    expect((await login(phone, 'Violet-otter-9')).statusCode).toBe(200);
    expect((await login(phone, 'violet-otter-9')).statusCode).toBe(401);
  });
});

describe('SECURITY 3: common and personal passwords are refused, with the reason', () => {
  it('a password from the breached list is refused, in any case', async () => {
    for (const password of ['password123', 'Password123', 'iloveyou1', 'qwertyuiop']) {
      expect((await signUpWith(password)).json().code, password).toBe('password.too_common');
    }
  });

  it('a password containing the phone number or the email local part is refused', async () => {
    const phone = uniquePhone();
    const national = phone.slice(3);
    expect((await signUpWith(`my-${national}-pw`, { phone })).json().code).toBe('password.contains_personal_info');
    const email = uniqueEmail();
    const local = email.split('@')[0]!;
    expect((await signUpWith(`${local.toUpperCase()}!x`, { email })).json().code).toBe(
      'password.contains_personal_info',
    );
  });

  it('the username is checked too (unit)', () => {
    const passwords = createPasswords({ minLength: 8 });
    expect(() => passwords.check('xx-dev_k3k3k3k3-xx', { username: 'dev_k3k3k3k3' })).toThrow(
      'password.contains_personal_info',
    );
    expect(() => passwords.check(GOOD_PASSWORD, { username: 'dev_k3k3k3k3' })).not.toThrow();
  });

  it('the list has at least 10,000 entries, and entries past the 10,000th are refused', () => {
    const passwords = createPasswords({ minLength: 8 });
    expect(commonPasswords.length).toBeGreaterThanOrEqual(10_000);
    const deep = [...commonPasswords.slice(10_000, 12_000), ...commonPasswords.slice(-2_000)].filter(
      (p) => [...p].length >= 8,
    );
    expect(deep.length).toBeGreaterThan(100);
    for (const p of deep.slice(0, 50).concat(deep.slice(-50))) {
      expect(() => passwords.check(p, {}), p).toThrow('password.too_common');
    }
  });
});

describe('SECURITY 4: argon2id, OWASP parameters, unique salt, off the event loop', () => {
  it('stores argon2id m=19456 t=2 p=1 with a different salt for the same password', async () => {
    const a = uniquePhone();
    const b = uniquePhone();
    await signUpWith(GOOD_PASSWORD, { phone: a });
    await signUpWith(GOOD_PASSWORD, { phone: b });
    const { rows } = await t.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM accounts WHERE phone IN ($1, $2)',
      [a, b],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
    expect(rows[0]!.password_hash.split('$')[4]).not.toBe(rows[1]!.password_hash.split('$')[4]);
  });

  it('the event loop keeps turning while a hash is computed', async () => {
    const passwords = createPasswords({ minLength: 8 });
    let ticks = 0;
    let hashing = true;
    const tick = () => {
      ticks++;
      if (hashing) setImmediate(tick);
    };
    setImmediate(tick);
    await passwords.hash(GOOD_PASSWORD);
    hashing = false;
    // A hash on the main thread would block all turns until it finished.
    expect(ticks).toBeGreaterThan(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, randomIp, startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('registration', () => {
  it('signs up by phone with a code from the outbox and is signed in', async () => {
    const phone = uniquePhone();
    expect((await t.sendCode(phone.replace('+86', ''))).statusCode).toBe(202);
    const code = await t.latestCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const res = await t.request({
      url: '/api/v1/accounts',
      body: { phone: phone.replace('+86', ''), code, password: GOOD_PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ phone, email: null, role: 'developer' });
    expect(res.json().username).toMatch(/^dev_[a-z0-9]{8}$/);
    const me = await t.request({ url: '/api/v1/me', cookie: t.sessionCookie(res) });
    expect(me.statusCode).toBe(200);
    expect(me.json().phone).toBe(phone);
  });

  it('signs up by email, stored lower-cased', async () => {
    const email = uniqueEmail();
    await t.sendCode(email.toUpperCase());
    const code = await t.latestCode(email);
    const res = await t.request({
      url: '/api/v1/accounts',
      body: { email: email.toUpperCase(), code, password: GOOD_PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email, phone: null });
  });

  it('refuses a body with both or neither contact', async () => {
    const both = await t.request({
      url: '/api/v1/accounts',
      body: { phone: uniquePhone(), email: uniqueEmail(), code: '123456', password: GOOD_PASSWORD },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().code).toBe('request.invalid');
    const neither = await t.request({ url: '/api/v1/accounts', body: { code: '123456', password: GOOD_PASSWORD } });
    expect(neither.json().code).toBe('request.invalid');
  });

  it('refuses invalid phone numbers and emails with their own codes', async () => {
    expect((await t.sendCode('12345')).json().code).toBe('phone.invalid');
    expect((await t.sendCode('not-an-email@')).json().code).toBe('email.invalid');
  });

  it('two sign-ups racing for one contact: exactly one account', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    const code = await t.latestCode(phone);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.request({ url: '/api/v1/accounts', body: { phone, code, password: GOOD_PASSWORD }, ip: randomIp() }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) expect(r.statusCode).toBeLessThan(500);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM accounts WHERE phone = $1', [phone]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('the database itself refuses a second account with the same phone or email (constraint, not a read-then-write)', async () => {
    const phone = uniquePhone();
    const insert = (username: string) =>
      t.db.query(
        `INSERT INTO accounts (username, phone, password_hash, created_at, updated_at) VALUES ($1, $2, 'x', now(), now())`,
        [username, phone],
      );
    await insert('race_a');
    await expect(insert('race_b')).rejects.toMatchObject({ code: '23505' });
  });

  it('ignores fields a client may not set (mass assignment: role, id, status)', async () => {
    const phone = uniquePhone();
    await t.sendCode(phone);
    const code = await t.latestCode(phone);
    const res = await t.request({
      url: '/api/v1/accounts',
      body: {
        phone,
        code,
        password: GOOD_PASSWORD,
        role: 'admin',
        id: '00000000-0000-0000-0000-000000000000',
        status: 'active',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().role).toBe('developer');
    expect(res.json().id).not.toBe('00000000-0000-0000-0000-000000000000');
  });

  it('a response never carries the password hash', async () => {
    const { cookie } = await t.register();
    const me = await t.request({ url: '/api/v1/me', cookie });
    expect(Object.keys(me.json()).sort()).toEqual([
      'certification',
      'createdAt',
      'email',
      'entitlements',
      'id',
      'phone',
      'role',
      'username',
    ]);
    expect(me.body).not.toContain('argon2');
  });
});

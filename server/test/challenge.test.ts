import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { randomIp, startTestApp, uniqueEmail, uniquePhone, withoutRequestId, type TestApp } from './harness.js';

/** A code request as a client sends it, with or without a challenge payload. */
const codeRequest = (t: TestApp, to: string, challenge?: string, ip = randomIp(), purpose = 'register') =>
  t.request({
    url: '/api/v1/verification-codes',
    body: { purpose, to, ...(challenge === undefined ? {} : { challenge }) },
    ip,
  });

describe('CODE_CHALLENGE=always (the default): the proof-of-work is required and verified', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the challenge endpoint issues a signed SHA-256 challenge with an expiry, never cached', async () => {
    const res = await t.request({ url: '/api/v1/challenges' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ algorithm: string; maxnumber: number; salt: string; signature: string }>();
    expect(body.algorithm).toBe('SHA-256');
    expect(body.maxnumber).toBe(1000);
    expect(body.salt).toMatch(/\?expires=\d+&$/);
    expect(body.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('register and reset sends without a challenge answer challenge.required and send nothing', async () => {
    for (const purpose of ['register', 'reset_password']) {
      const phone = uniquePhone();
      const res = await codeRequest(t, phone, undefined, randomIp(), purpose);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('challenge.required');
      expect(await t.outbox(phone)).toHaveLength(0);
    }
  });

  it('a solved challenge lets the code go out', async () => {
    const email = uniqueEmail();
    const res = await codeRequest(t, email, await t.solvedChallenge());
    expect(res.statusCode).toBe(202);
    expect(await t.latestCode(email)).toMatch(/^\d{6}$/);
  });

  it('a solved challenge is accepted once: the replay is challenge.invalid, even for another target and IP', async () => {
    const challenge = await t.solvedChallenge();
    expect((await codeRequest(t, uniquePhone(), challenge)).statusCode).toBe(202);
    const replayTarget = uniquePhone();
    const replay = await codeRequest(t, replayTarget, challenge);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('challenge.invalid');
    expect(await t.outbox(replayTarget)).toHaveLength(0);
  });

  it('a wrong number, a forged signature, garbage and an expired challenge are challenge.invalid', async () => {
    const decode = (p: string) => JSON.parse(Buffer.from(p, 'base64').toString()) as Record<string, unknown>;
    const encode = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o)).toString('base64');
    const solved = decode(await t.solvedChallenge());
    const wrongNumber = encode({ ...solved, number: (solved.number as number) + 1 });
    const forged = encode({ ...solved, signature: 'ab'.repeat(32) });
    const sha1 = encode({ ...solved, algorithm: 'SHA-1' });
    for (const payload of [wrongNumber, forged, sha1, 'not-base64-json', encode({})]) {
      const res = await codeRequest(t, uniquePhone(), payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('challenge.invalid');
    }
    // Expiry follows the server's clock: ten minutes after it was issued, a solution is stale.
    const late = await t.solvedChallenge();
    t.clock.advance(601);
    const res = await codeRequest(t, uniquePhone(), late);
    expect(res.json().code).toBe('challenge.invalid');
  });

  it('a challenge signed with another APP_SECRET is refused', async () => {
    const other = await startTestApp();
    try {
      const foreign = await other.solvedChallenge();
      const res = await codeRequest(t, uniquePhone(), foreign);
      expect(res.json().code).toBe('challenge.invalid');
    } finally {
      await other.close();
    }
  });

  it('the answer is the same for a registered and an unknown contact, with and without a challenge', async () => {
    const { contact } = await t.register();
    for (const purpose of ['register', 'reset_password']) {
      const known = await codeRequest(t, contact, undefined, randomIp(), purpose);
      const unknown = await codeRequest(t, uniquePhone(), undefined, randomIp(), purpose);
      expect(known.statusCode).toBe(unknown.statusCode);
      expect(withoutRequestId(known.body)).toBe(withoutRequestId(unknown.body));
    }
    t.clock.advance(61); // the sign-up code's cooldown
    const known = await codeRequest(t, contact, await t.solvedChallenge(), randomIp(), 'reset_password');
    const unknown = await codeRequest(t, uniquePhone(), await t.solvedChallenge(), randomIp(), 'reset_password');
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
  });
});

describe('CODE_CHALLENGE=after:N', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CODE_CHALLENGE: 'after:2' } });
  });
  afterAll(() => t.close());

  it('the first N sends from one IP in an hour need no challenge; later ones do; another IP is free', async () => {
    const ip = randomIp();
    expect((await codeRequest(t, uniquePhone(), undefined, ip)).statusCode).toBe(202);
    expect((await codeRequest(t, uniquePhone(), undefined, ip, 'reset_password')).statusCode).toBe(202);
    const third = await codeRequest(t, uniquePhone(), undefined, ip);
    expect(third.statusCode).toBe(400);
    expect(third.json().code).toBe('challenge.required');
    expect((await codeRequest(t, uniquePhone(), await t.solvedChallenge(), ip)).statusCode).toBe(202);
    expect((await codeRequest(t, uniquePhone(), undefined, randomIp())).statusCode).toBe(202);
  });
});

describe('CODE_CHALLENGE=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CODE_CHALLENGE: 'off' } });
  });
  afterAll(() => t.close());

  it('codes go out without a challenge', async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++) expect((await codeRequest(t, uniquePhone(), undefined, ip)).statusCode).toBe(202);
  });
});

describe('CODE_CHALLENGE configuration', () => {
  const base = { NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/devplat-challenge-config' };
  it('defaults to always with a production-strength difficulty', () => {
    const config = loadConfig(base);
    expect(config.codeChallenge).toEqual({ mode: 'always', freeSendsPerIpHour: 0, maxNumber: 200_000 });
  });
  it('accepts after:N and off, refuses anything else naming the setting', () => {
    expect(loadConfig({ ...base, CODE_CHALLENGE: 'after:5' }).codeChallenge.freeSendsPerIpHour).toBe(5);
    expect(loadConfig({ ...base, CODE_CHALLENGE: 'off' }).codeChallenge.mode).toBe('off');
    for (const bad of ['sometimes', 'after:0', 'after:x']) {
      expect(() => loadConfig({ ...base, CODE_CHALLENGE: bad })).toThrow(/CODE_CHALLENGE/);
    }
    expect(() => loadConfig({ ...base, CODE_CHALLENGE_MAX_NUMBER: '5' })).toThrow(/CODE_CHALLENGE_MAX_NUMBER/);
  });
});

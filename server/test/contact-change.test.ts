import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, randomIp, startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Kind = 'email' | 'phone';
const post = (cookie: string, path: string, body?: object) =>
  t.request({ method: 'POST', url: `/api/v1/me/contact-changes/${path}`, body: body ?? {}, cookie, ip: randomIp() });

/** Step 1: a code to the current contact (where the server chooses), verified into a ticket. */
async function step1(cookie: string, kind: Kind, currentTarget: string) {
  t.clock.advance(61);
  const sent = await post(cookie, `${kind}/current-code`);
  expect(sent.statusCode).toBe(202);
  const ticket = await post(cookie, `${kind}/tickets`, { code: await t.latestCode(currentTarget) });
  expect(ticket.statusCode).toBe(201);
  return { sent: sent.json(), ticket: ticket.json().ticket as string };
}

/** Step 2: a code to the new address, then completion. */
async function step2(cookie: string, kind: Kind, ticket: string, to: string) {
  const sent = await post(cookie, `${kind}/new-code`, { ticket, to });
  expect(sent.statusCode).toBe(202);
  return post(cookie, `${kind}/complete`, { ticket, code: await t.latestCode(to) });
}

const login = (identifier: string) =>
  t.request({ url: '/api/v1/sessions', body: { identifier, password: GOOD_PASSWORD }, ip: randomIp() });

describe('change the bound email / phone', () => {
  it('binds an email to a phone-only account: step 1 goes to the phone (masked), the new email logs in', async () => {
    const { cookie, contact } = await t.register();
    const { sent, ticket } = await step1(cookie, 'email', contact);
    expect(sent).toMatchObject({ channel: 'sms', sentTo: `${contact.slice(3, 6)}****${contact.slice(-4)}` });
    const email = uniqueEmail();
    const done = await step2(cookie, 'email', ticket, email);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ phone: contact, email });
    expect((await login(email)).statusCode).toBe(200);
  });

  it('changes the phone: old phone no longer logs in, the new one does; the old phone gets a notice', async () => {
    const { cookie, contact } = await t.register();
    const { ticket } = await step1(cookie, 'phone', contact);
    const phone = uniquePhone();
    expect((await step2(cookie, 'phone', ticket, phone)).json().phone).toBe(phone);
    expect((await login(contact)).statusCode).toBe(401);
    expect((await login(phone)).statusCode).toBe(200);
    expect((await t.outbox(contact))[0]!.text).toMatch(/手机号已更改|phone number bound to your account was changed/);
  });

  it('changes the email: the code of step 1 goes to the current email', async () => {
    const { cookie, contact } = await t.register({ email: uniqueEmail() });
    const { sent, ticket } = await step1(cookie, 'email', contact);
    expect(sent.channel).toBe('email');
    const email = uniqueEmail();
    expect((await step2(cookie, 'email', ticket, email)).json().email).toBe(email);
    expect((await t.outbox(contact))[0]!.text).toMatch(/邮箱已更改|email bound to your account was changed/);
  });

  it('SECURITY 23: no step can be skipped or reordered', async () => {
    const { cookie, contact } = await t.register();
    // Step 2 without a ticket, with a made-up ticket, or completion before a new code was sent.
    expect((await post(cookie, 'email/new-code', { ticket: 'x'.repeat(43), to: uniqueEmail() })).json().code).toBe(
      'ticket.invalid',
    );
    const { ticket } = await step1(cookie, 'email', contact);
    expect((await post(cookie, 'email/complete', { ticket, code: '123456' })).json().code).toBe('ticket.invalid');
    // A ticket for email changes cannot change the phone.
    expect((await post(cookie, 'phone/new-code', { ticket, to: uniquePhone() })).json().code).toBe('ticket.invalid');
    // A used ticket cannot be replayed.
    const email = uniqueEmail();
    expect((await step2(cookie, 'email', ticket, email)).statusCode).toBe(200);
    expect((await post(cookie, 'email/new-code', { ticket, to: uniqueEmail() })).json().code).toBe('ticket.invalid');
  });

  it('SECURITY 23: step 1’s code must come from the current contact; a code for another address fails', async () => {
    const { cookie } = await t.register();
    t.clock.advance(61);
    await post(cookie, 'email/current-code');
    expect((await post(cookie, 'email/tickets', { code: '000000' })).statusCode).toBe(400);
    // A body naming another target is dropped: the server picks the target.
    const other = uniquePhone();
    const sent = await post(cookie, 'phone/current-code', { to: other });
    // Throttled: the server aimed it at our own phone again (cooldown), not at the named one.
    expect(sent.statusCode).toBe(429);
    expect(await t.outbox(other)).toEqual([]);
  });

  it('regression (c): step 2 with another account’s ticket fails', async () => {
    const alice = await t.register();
    const bob = await t.register();
    const { ticket } = await step1(alice.cookie, 'email', alice.contact);
    expect((await post(bob.cookie, 'email/new-code', { ticket, to: uniqueEmail() })).json().code).toBe(
      'ticket.invalid',
    );
    expect((await post(bob.cookie, 'email/complete', { ticket, code: '123456' })).json().code).toBe('ticket.invalid');
  });

  it('regression (a): completion binds the address the code was sent to, whatever else the request names', async () => {
    const { cookie, contact } = await t.register();
    const { ticket } = await step1(cookie, 'email', contact);
    const mine = uniqueEmail();
    const other = uniqueEmail();
    await post(cookie, 'email/new-code', { ticket, to: mine });
    const res = await post(cookie, 'email/complete', {
      ticket,
      code: await t.latestCode(mine),
      to: other,
      email: other,
    });
    expect(res.json().email).toBe(mine);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM accounts WHERE email = $1', [other]);
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('regression (b) / SECURITY 24: a phone held by another account is refused without saying whose', async () => {
    const holder = await t.register();
    const { cookie, contact } = await t.register();
    const { ticket } = await step1(cookie, 'phone', contact);
    const res = await step2(cookie, 'phone', ticket, holder.contact);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      code: 'account.contact_unavailable',
      message: expect.any(String),
      requestId: res.headers['x-request-id'],
    });
    expect(res.body).not.toContain(holder.account.id);
    expect(res.body).not.toContain(holder.account.username);
    expect((await login(contact)).statusCode).toBe(200);
  });

  it('two accounts racing for one new email: exactly one wins', async () => {
    const a = await t.register();
    const b = await t.register();
    const email = uniqueEmail();
    const ta = (await step1(a.cookie, 'email', a.contact)).ticket;
    const tb = (await step1(b.cookie, 'email', b.contact)).ticket;
    await post(a.cookie, 'email/new-code', { ticket: ta, to: email });
    const codeA = await t.latestCode(email);
    t.clock.advance(61);
    await post(b.cookie, 'email/new-code', { ticket: tb, to: email });
    const codeB = await t.latestCode(email);
    // Codes are per (account, address): both codes are live; the unique email lets one win.
    const results = await Promise.all([
      post(a.cookie, 'email/complete', { ticket: ta, code: codeA }),
      post(b.cookie, 'email/complete', { ticket: tb, code: codeB }),
    ]);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM accounts WHERE email = $1', [email]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('issue 14 finding 8: one account’s bind code does not void another account’s pending code for the address', async () => {
    const a = await t.register();
    const b = await t.register();
    const email = uniqueEmail();
    const ta = (await step1(a.cookie, 'email', a.contact)).ticket;
    const tb = (await step1(b.cookie, 'email', b.contact)).ticket;
    expect((await post(a.cookie, 'email/new-code', { ticket: ta, to: email })).statusCode).toBe(202);
    const codeA = await t.latestCode(email);
    t.clock.advance(61);
    expect((await post(b.cookie, 'email/new-code', { ticket: tb, to: email })).statusCode).toBe(202);
    const codeB = await t.latestCode(email);
    expect(codeB).not.toBe(codeA);
    // b's code is not a's: trying it on a's flow fails and costs a's code nothing but a try.
    expect((await post(a.cookie, 'email/complete', { ticket: ta, code: codeB })).statusCode).toBe(400);
    const done = await post(a.cookie, 'email/complete', { ticket: ta, code: codeA });
    expect(done.statusCode).toBe(200);
    expect(done.json().email).toBe(email);
    // b proved the address too, but it is taken now: the generic refusal (SECURITY 24).
    expect((await post(b.cookie, 'email/complete', { ticket: tb, code: codeB })).json().code).toBe(
      'account.contact_unavailable',
    );
  });

  it('SECURITY 11: the new address is bound only with its own code', async () => {
    const { cookie, contact } = await t.register();
    const { ticket } = await step1(cookie, 'email', contact);
    const email = uniqueEmail();
    await post(cookie, 'email/new-code', { ticket, to: email });
    const code = (await t.latestCode(email))!;
    expect(
      (await post(cookie, 'email/complete', { ticket, code: code === '000000' ? '111111' : '000000' })).statusCode,
    ).toBe(400);
    const { rows } = await t.db.query('SELECT email FROM accounts WHERE phone = $1', [contact]);
    expect(rows[0]).toEqual({ email: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GOOD_PASSWORD,
  randomIp,
  setFailedLogins,
  startTestApp,
  uniqueEmail,
  uniquePhone,
  type TestApp,
} from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const NEW_PASSWORD = 'maple-lantern-river-7';
const me = (cookie: string | null) => t.request({ url: '/api/v1/me', cookie });
const login = (identifier: string, password: string) =>
  t.request({ url: '/api/v1/sessions', body: { identifier, password }, ip: randomIp() });
const ticketFor = (to: string, code: string | null) =>
  t.request({ url: '/api/v1/password-reset/tickets', body: { to, code }, ip: randomIp() });
const setPassword = (ticket: string, password: string) =>
  t.request({ url: '/api/v1/password-reset', body: { ticket, password }, ip: randomIp() });

/** Runs the whole forgot-password flow for a contact; returns the final answer. */
async function reset(contact: string, password = NEW_PASSWORD) {
  t.clock.advance(61);
  expect((await t.sendCode(contact, randomIp(), 'reset_password')).statusCode).toBe(202);
  const ticket = await ticketFor(contact, await t.latestCode(contact));
  expect(ticket.statusCode).toBe(201);
  return setPassword(ticket.json().ticket, password);
}

describe('forgot password', () => {
  it('phone → code → ticket → new password; every session ends and the new password logs in', async () => {
    const { contact, cookie } = await t.register();
    const other = t.sessionCookie(await login(contact, GOOD_PASSWORD));
    const res = await reset(contact);
    expect(res.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login(contact, GOOD_PASSWORD)).statusCode).toBe(401);
    expect((await login(contact, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('works by email too', async () => {
    const { contact } = await t.register({ email: uniqueEmail() });
    expect((await reset(contact.toUpperCase())).statusCode).toBe(204);
    expect((await login(contact, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('SECURITY 21: a reset does not sign anyone in', async () => {
    const { contact } = await t.register();
    const res = await reset(contact);
    expect(t.sessionCookie(res)).toBeNull();
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.phone = $1 AND s.ended_at IS NULL`,
      [contact],
    );
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('SECURITY 17: a notice goes to the account’s contacts', async () => {
    const { contact } = await t.register();
    await reset(contact);
    const texts = (await t.outbox(contact)).map((m) => m.text);
    expect(texts[0]).toMatch(/重置|reset/);
    expect(texts[0]).not.toMatch(/\b\d{6}\b/);
  });

  it('SECURITY 13: an unknown contact gets the same answer and no message', async () => {
    const { contact } = await t.register();
    t.clock.advance(61);
    const unknown = uniquePhone();
    const a = await t.sendCode(contact, randomIp(), 'reset_password');
    const b = await t.sendCode(unknown, randomIp(), 'reset_password');
    expect(b.statusCode).toBe(a.statusCode);
    expect(b.body).toBe(a.body);
    expect(await t.outbox(unknown)).toEqual([]);
    // … and is throttled the same way.
    expect((await t.sendCode(unknown, randomIp(), 'reset_password')).statusCode).toBe(429);
  });

  it('SECURITY 14: works while the account is throttled, even at the hard stop, and clears the counter', async () => {
    const { contact } = await t.register();
    await setFailedLogins(t.db, { contact }, 100, t.clock.now());
    expect((await login(contact, GOOD_PASSWORD)).json().code).toBe('auth.locked');
    expect((await reset(contact)).statusCode).toBe(204);
    expect((await login(contact, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('SECURITY 3: the new password passes the same rules', async () => {
    const { contact } = await t.register();
    expect((await reset(contact, 'password123')).json().code).toBe('password.too_common');
    t.clock.advance(61);
    expect((await reset(contact, `x${contact.slice(3)}x`)).json().code).toBe('password.contains_personal_info');
  });

  it('a wrong code gets no ticket; a ticket works once and expires', async () => {
    const { contact } = await t.register();
    t.clock.advance(61);
    await t.sendCode(contact, randomIp(), 'reset_password');
    const code = (await t.latestCode(contact))!;
    expect((await ticketFor(contact, code === '000000' ? '111111' : '000000')).json().code).toBe(
      'verification_code.invalid',
    );
    const ticket = (await ticketFor(contact, code)).json().ticket as string;
    expect((await setPassword(ticket, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await setPassword(ticket, 'another-fine-password-3')).json().code).toBe('ticket.invalid');

    t.clock.advance(61);
    await t.sendCode(contact, randomIp(), 'reset_password');
    const late = (await ticketFor(contact, await t.latestCode(contact))).json().ticket as string;
    t.clock.advance(601);
    expect((await setPassword(late, 'another-fine-password-3')).json().code).toBe('ticket.invalid');
  });

  it('SECURITY 25: a reset ticket can only set a password — it is no session and no contact-change ticket', async () => {
    const { contact } = await t.register();
    t.clock.advance(61);
    await t.sendCode(contact, randomIp(), 'reset_password');
    const ticket = (await ticketFor(contact, await t.latestCode(contact))).json().ticket as string;
    expect((await me(`sid=${ticket}`)).statusCode).toBe(401);
    const { cookie } = await t.register();
    const asChange = await t.request({
      url: '/api/v1/me/contact-changes/email/new-code',
      body: { ticket, to: uniqueEmail() },
      cookie,
    });
    expect(asChange.json().code).toBe('ticket.invalid');
  });

  it('SECURITY 23 regression (Casdoor #3607): naming another phone in the reset request changes nothing', async () => {
    const attacker = await t.register();
    const victim = await t.register();
    t.clock.advance(61);
    await t.sendCode(attacker.contact, randomIp(), 'reset_password');
    const code = await t.latestCode(attacker.contact);
    // The attacker's own code presented for the victim's phone: no ticket.
    expect((await ticketFor(victim.contact, code)).json().code).toBe('verification_code.invalid');
    // A ticket from the attacker's code, with the victim's phone slipped into the body: the
    // extra field is dropped and only the attacker's own password changes.
    const ticket = (await ticketFor(attacker.contact, code)).json().ticket as string;
    const res = await t.request({
      url: '/api/v1/password-reset',
      body: { ticket, password: NEW_PASSWORD, phone: victim.contact, to: victim.contact, accountId: victim.account.id },
    });
    expect(res.statusCode).toBe(204);
    expect((await login(victim.contact, GOOD_PASSWORD)).statusCode).toBe(200);
    expect((await login(victim.contact, NEW_PASSWORD)).statusCode).toBe(401);
    expect((await login(attacker.contact, NEW_PASSWORD)).statusCode).toBe(200);
  });
});

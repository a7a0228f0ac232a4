import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueEmail, uniquePhone, type TestApp } from './harness.js';

/** A real SMTP server on loopback: what nodemailer delivers is what a mail server would get. */
const received: { to: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});

let t: TestApp;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'AIoT <no-reply@example.com>' } });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('email through SMTP (nodemailer)', () => {
  it('a register code for an email goes to the SMTP server, not the outbox; SMS still uses the outbox', async () => {
    const email = uniqueEmail();
    // In English the body is plain ASCII, so the raw message shows the code without decoding.
    const sent = await t.request({
      url: '/api/v1/verification-codes',
      body: { purpose: 'register', to: email, challenge: await t.solvedChallenge() },
      headers: { 'accept-language': 'en' },
    });
    expect(sent.statusCode).toBe(202);
    await t.messenger.idle();
    const mail = received.find((m) => m.to.includes(email));
    expect(mail).toBeDefined();
    expect(mail!.raw).toMatch(/From: AIoT <no-reply@example\.com>/);
    expect(mail!.raw).toMatch(/Your code to sign up is \d{6}\b/);
    expect(await t.outbox(email)).toEqual([]);
    const phone = uniquePhone();
    await t.sendCode(phone);
    expect(await t.latestCode(phone)).toMatch(/^\d{6}$/);
  });
});

import type { OutboxMessage } from '@devplat/common';
import { solveChallenge } from 'altcha-lib/v1';
import { advanceServerClock, serverNow } from './clock.js';

/**
 * The server refuses a second code to the same phone/email within 60 s of its own time. Every
 * code send of these tests goes through `codeSent`, and `cooledDown` moves the server's clock past
 * the rest of it (no test sleeps for it).
 */
const COOLDOWN_MS = 61_000;
/** Server time (epoch ms) of the last code send per target. */
const lastCode = new Map<string, number>();

export function codeSent(to: string, at: number): void {
  lastCode.set(to, at);
}

export async function cooledDown(baseUrl: string, to: string): Promise<void> {
  const wait = (lastCode.get(to) ?? 0) + COOLDOWN_MS - (await serverNow(baseUrl));
  if (wait > 0) await advanceServerClock(baseUrl, Math.ceil(wait / 1000));
}

/**
 * The code in the newest outbox message to `to` sent at or after `since` (server time). Call it
 * once the send was answered: the outbox waits for deliveries in flight before it answers.
 */
export async function readCodeSince(baseUrl: string, to: string, since: number): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`outbox for ${to}: ${response.status} ${await response.text()}`);
  const { messages } = (await response.json()) as { messages: OutboxMessage[] };
  const code = messages
    // The server's clock only moves forward, and an older code is at least 60 s older.
    .filter((m) => Date.parse(m.createdAt) >= since)
    .map((m) => /\b(\d{6})\b/.exec(m.text)?.[1])
    .find(Boolean);
  if (!code) throw new Error(`No new code reached ${to} in the outbox`);
  return code;
}

/**
 * A proof-of-work challenge from the server, solved as the console's widget does (for code
 * requests made through the API rather than the browser): the payload to send as `challenge`.
 */
export async function solvedChallenge(baseUrl: string): Promise<string> {
  const issued = (await (await fetch(`${baseUrl}/api/v1/challenges`)).json()) as {
    algorithm: string;
    challenge: string;
    maxnumber: number;
    salt: string;
    signature: string;
  };
  const { algorithm, challenge, maxnumber, salt, signature } = issued;
  const solution = await solveChallenge(challenge, salt, algorithm, maxnumber).promise;
  if (!solution) throw new Error('the challenge could not be solved');
  return btoa(JSON.stringify({ algorithm, challenge, number: solution.number, salt, signature }));
}

/** Registers an account through the API (no browser): faster, for accounts a test only starts from. */
export async function registerByApi(
  baseUrl: string,
  account: { phone: string } | { email: string },
  password: string,
): Promise<void> {
  const to = 'phone' in account ? account.phone : account.email;
  const headers = { 'Content-Type': 'application/json', Origin: baseUrl };
  // Solved first: `since` must be taken right before the send, or the cooldown that cooledDown
  // computes from it would end before the server's.
  const challenge = await solvedChallenge(baseUrl);
  const since = await serverNow(baseUrl);
  const sent = await fetch(`${baseUrl}/api/v1/verification-codes`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ purpose: 'register', to, challenge }),
  });
  if (sent.status !== 202) throw new Error(`register code for ${to}: ${sent.status} ${await sent.text()}`);
  codeSent(to, since);
  const code = await readCodeSince(baseUrl, to, since);
  const created = await fetch(`${baseUrl}/api/v1/accounts`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...account, code, password }),
  });
  if (created.status !== 201) throw new Error(`register ${to}: ${created.status} ${await created.text()}`);
}

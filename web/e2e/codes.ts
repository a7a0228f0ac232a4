import type { OutboxMessage } from '@devplat/common';

/**
 * The server refuses a second code to the same phone/email within 60 s (real time here). Every
 * code send of these tests goes through `codeSent`, and `cooledDown` waits out the rest of it.
 */
const COOLDOWN_MS = 61_000;
const lastCode = new Map<string, number>();

export function codeSent(to: string, at = Date.now()): void {
  lastCode.set(to, at);
}

export async function cooledDown(to: string): Promise<void> {
  const wait = (lastCode.get(to) ?? 0) + COOLDOWN_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** The code in the newest outbox message to `to` sent at or after `since` (polls briefly). */
export async function readCodeSince(baseUrl: string, to: string, since: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
    if (response.ok) {
      const { messages } = (await response.json()) as { messages: OutboxMessage[] };
      const code = messages
        // A second of slack for clock rounding; an older code is at least 60 s older.
        .filter((m) => Date.parse(m.createdAt) >= since - 1000)
        .map((m) => /\b(\d{6})\b/.exec(m.text)?.[1])
        .find(Boolean);
      if (code) return code;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No new code reached ${to} in the outbox`);
}

/** Registers an account through the API (no browser): faster, for accounts a test only starts from. */
export async function registerByApi(
  baseUrl: string,
  account: { phone: string } | { email: string },
  password: string,
): Promise<void> {
  const to = 'phone' in account ? account.phone : account.email;
  const headers = { 'Content-Type': 'application/json', Origin: baseUrl };
  const since = Date.now();
  const sent = await fetch(`${baseUrl}/api/v1/verification-codes`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ purpose: 'register', to }),
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

import { randomInt } from 'node:crypto';
import type { OutboxMessage } from '@devplat/common';

/** A mainland mobile number as typed (11 digits), and its E.164 form. */
export function uniquePhone(): { typed: string; e164: string } {
  const typed = `1380013${String(randomInt(10_000)).padStart(4, '0')}`;
  return { typed, e164: `+86${typed}` };
}

export function uniqueEmail(): string {
  return `e2e.${randomInt(1e9).toString(36)}${Date.now().toString(36)}@example.com`;
}

/** Passes the rules: long enough, not a common password, no phone/email/username inside. */
export const GOOD_PASSWORD = 'Violet-Harbor-Lantern-47';

/**
 * Reads the newest register code sent to `to` from the development outbox. Call it once the send
 * was answered (the button counts down): the outbox waits for deliveries in flight.
 */
export async function readRegisterCode(baseUrl: string, to: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`outbox for ${to}: ${response.status} ${await response.text()}`);
  const { messages } = (await response.json()) as { messages: OutboxMessage[] };
  const code = messages.map((m) => /\b(\d{6})\b/.exec(m.text)?.[1]).find(Boolean);
  if (!code) throw new Error(`No register code reached ${to} in the outbox`);
  return code;
}

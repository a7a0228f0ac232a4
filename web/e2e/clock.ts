/**
 * The server under test runs on a clock the tests move (POST /api/v1/test/clock, registered only
 * for a NODE_ENV=test server on loopback): waits the server enforces — the 60-s code cooldown —
 * are skipped by moving its time, never slept through, and TOTP codes are computed at its time.
 */
interface ClockState {
  now: string;
}

async function clockCall(baseUrl: string, body?: { advanceSeconds: number }): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1/test/clock`, {
    ...(body ? { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: baseUrl } } : {}),
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`test clock: ${response.status} ${await response.text()}`);
  return Date.parse(((await response.json()) as ClockState).now);
}

/** The server's time, in epoch milliseconds. */
export function serverNow(baseUrl: string): Promise<number> {
  return clockCall(baseUrl);
}

/** Moves the server's time forward; returns the new time in epoch milliseconds. */
export function advanceServerClock(baseUrl: string, seconds: number): Promise<number> {
  return clockCall(baseUrl, { advanceSeconds: seconds });
}

/**
 * How many browser-test workers run at once, each with its own server under test
 * (e2e/global-setup.ts): E2E_WORKERS, 3 by default. On this 2-core machine two workers kept
 * 0.75 of the cores busy (a test waits on its server and its page most of the time) and took
 * 215 s; three keep them 1.9 busy and take 137–147 s. A fourth would only wait for a core.
 */
export const E2E_WORKERS = Math.max(1, Math.floor(Number(process.env.E2E_WORKERS ?? 3)) || 1);

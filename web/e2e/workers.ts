/**
 * How many browser-test workers run at once, each with its own server under test
 * (e2e/global-setup.ts): E2E_WORKERS, 2 by default (this machine has two cores; one worker's
 * browser, server and runner use about half of one).
 */
export const E2E_WORKERS = Math.max(1, Math.floor(Number(process.env.E2E_WORKERS ?? 2)) || 1);

import { isIP } from 'node:net';
import type { Config } from '../../config.js';
import { systemClock, type Clock } from '../../platform/clock.js';

/**
 * Real time plus an offset the browser tests move forward, so they skip the 60-s code cooldown
 * (and any other wait the server enforces) instead of sleeping through it. Time only moves
 * forward, as real time does: the rules compare timestamps they stored earlier.
 */
export interface AdjustableClock extends Clock {
  /** Moves the clock forward by whole or fractional seconds (never back). */
  advance(seconds: number): void;
  /** Moves the clock forward to `to`; an earlier `to` leaves it where it is. */
  advanceTo(to: Date): void;
}

export function createAdjustableClock(base: Clock = systemClock): AdjustableClock {
  let offsetMs = 0;
  const now = () => new Date(base.now().getTime() + offsetMs);
  return {
    now,
    advance(seconds) {
      if (seconds > 0) offsetMs += seconds * 1000;
    },
    advanceTo(to) {
      offsetMs += Math.max(0, to.getTime() - now().getTime());
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost: only a process on this machine can reach the server. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * The clock of a server started for the browser tests (NODE_ENV=test, listening on loopback
 * only), or null. Anything else — development, production, a test server reachable from other
 * machines — keeps the system clock and never registers the clock routes.
 */
export function testClockFor(config: Pick<Config, 'env' | 'host'>): AdjustableClock | null {
  return config.env === 'test' && isLoopback(config.host) ? createAdjustableClock() : null;
}

import type { CertificationStatus, CodeSent, Entitlements, Me as AccountMe, SecurityEvent } from '@devplat/common';

/**
 * The signed-in account as the console sees it: log-in adds `mfa` for staff who still owe their
 * TOTP; GET /me adds the certification status and entitlements (other answers leave them out).
 */
export interface Me extends AccountMe {
  mfa?: 'password' | 'setup' | 'verify';
  certification?: CertificationStatus;
  entitlements?: Entitlements | null;
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/** Bodies of the account-security endpoints (the console's view of the server's contract). */
export type ContactKind = 'email' | 'phone';

export interface Ticket {
  ticket: string;
  expiresInSeconds: number;
}

export interface CurrentCodeSent extends CodeSent {
  channel: 'sms' | 'email';
  /** The masked destination, e.g. 138****8000 or a***@example.com. */
  sentTo: string;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export type { SecurityEvent };

export interface SecurityEventPage {
  items: SecurityEvent[];
  total: number;
  page: number;
  pageSize: number;
}

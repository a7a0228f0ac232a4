import type { CodeSent } from '@devplat/common';

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

export interface SecurityEvent {
  event: string;
  outcome: 'success' | 'failure';
  at: string;
  ip: string | null;
  userAgent: string | null;
}

export interface SecurityEventPage {
  items: SecurityEvent[];
  total: number;
  page: number;
  pageSize: number;
}

/** Types of the API's JSON bodies, shared by the server's tests and the console. */

export type VerificationPurpose =
  'register' | 'reset_password' | 'verify_current_contact' | 'bind_new_contact' | 'delete_account';

export interface CodeSent {
  resendAfterSeconds: number;
  expiresInSeconds: number;
}

export interface Me {
  id: string;
  username: string;
  phone: string | null;
  email: string | null;
  role: 'developer' | 'reviewer' | 'admin';
  createdAt: string;
}

export interface OutboxMessage {
  to: string;
  channel: 'sms' | 'email';
  text: string;
  createdAt: string;
}

/** One entry of the developer's security history (GET /api/v1/me/security-events). */
export interface SecurityEvent {
  event: string;
  outcome: 'success' | 'failure';
  at: string;
  ip: string | null;
  userAgent: string | null;
  /** What the event recorded beyond its name (e.g. `bound` on email.changed, `current` on session.ended). */
  details: Record<string, unknown>;
  /** 'staff': done by a platform reviewer (shown as such, without their IP or browser). */
  actor: 'account' | 'staff' | 'system';
}

/**
 * Every event type the audit log records (server/src/platform/audit.ts takes only these). Each
 * one needs an `event.<type>` phrase in both languages: the security history (安全记录) shows
 * them, and server/test/security-events.test.ts fails when one is missing.
 */
export const SECURITY_EVENT_TYPES = [
  'account.registered',
  'account.disabled',
  'login',
  'logout',
  'mfa.verify',
  'password_reset.code_verified',
  'password.reset',
  'password.change',
  'email_change.current_verified',
  'phone_change.current_verified',
  'email.changed',
  'phone.changed',
  'username.changed',
  'session.ended',
  'session.ended_others',
  'certification.submitted',
  'certification.approved',
  'certification.rejected',
  'certification.revealed',
  'app.created',
  'app.deleted',
  'app_key.created',
  'app_key.enabled',
  'app_key.disabled',
  'app_key.deleted',
  'account.enabled',
  'login.password_verified',
  'login.second_factor',
  'mfa.totp_enabled',
  'mfa.totp_disabled',
  'mfa.recovery_codes_regenerated',
  'mfa.admin_reset',
  'passkey.added',
  'passkey.removed',
  // Delete my account (PIPL Art. 47): requested (account deactivated), cancelled at log-in, erased
  // (its rows then carry the tombstone id instead of the account's).
  'account.deletion_requested',
  'account.deletion_cancelled',
  'account.erased',
  // Export my data (PIPL Art. 45): the download was handed out (or refused: wrong password or code).
  'data.exported',
  // An admin exported the audit log of a time range (SECURITY_PROFILE=mlps asks for it; both profiles have it).
  'audit.exported',
  // Message delivery (the outbox worker, actor system): template, masked recipient, provider; never a code.
  'code.sent',
  'message.failed',
  'message.abandoned',
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** Who did it, as the history shows it: the account itself (or a visitor), platform staff, the system. */
export type SecurityEventActor = 'account' | 'staff' | 'system';

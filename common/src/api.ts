/** Types of the API's JSON bodies, shared by the server's tests and the console. */

export type VerificationPurpose = 'register' | 'reset_password' | 'verify_current_contact' | 'bind_new_contact';

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

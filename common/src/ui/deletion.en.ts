import type { deletionZhCN } from './deletion.zh-CN.js';

/** Delete my account, the log-in's pending-deletion state, the staff list, in English; spread into `en`. */
export const deletionEn: Record<keyof typeof deletionZhCN, string> = {
  'deletion.title': 'Delete account',
  'deletion.hint':
    'Deleting deactivates the account at once: every session ends, and apps and keys stop working. Log in and cancel within the {days}-day cooling-off to restore it; after that, your personal data, certification files, apps, keys and devices are erased for good.',
  'deletion.start': 'Delete account',
  'deletion.dialog.title': 'Delete account',
  'deletion.dialog.warning': 'This deactivates the account now and erases it in {days} days. Confirm the following.',
  'deletion.username': 'Type the username {username} to confirm',
  'deletion.username.mismatch': 'Does not match the username',
  'deletion.password': 'Password',
  'deletion.totp': 'Authenticator or recovery code',
  'deletion.totp.hint':
    'Two-step verification is on: enter the 6-digit code of your authenticator, or a recovery code.',
  'deletion.code': 'Verification code',
  'deletion.code.channel': 'Send the code to',
  'deletion.code.sms': 'Phone',
  'deletion.code.email': 'Email',
  'deletion.code.send': 'Send code',
  'deletion.code.sent': 'Code sent to {to}',
  'deletion.submit': 'Delete my account',
  'deletion.done.title': 'Account deactivated, pending deletion',
  'deletion.done': 'The account will be erased after {date}. Until then, log in with your password to cancel.',
  'deletion.pending.title': 'This account is pending deletion',
  'deletion.pending':
    'A deletion was requested; the account will be erased after {date}. Cancel to restore the account and its apps.',
  'deletion.cancel': 'Cancel deletion',
  'deletion.cancelled': 'Deletion cancelled; the account is restored',
  'deletion.backToLogin': 'Back to log-in',

  'admin.nav.deletions': 'Deletions',
  'admin.deletions.title': 'Accounts pending deletion',
  'admin.deletions.hint':
    'A developer’s deletion request starts a {days}-day cooling-off, after which maintenance erases the account. Admins may erase a verified request at once (audited).',
  'admin.deletions.empty': 'No account is pending deletion',
  'admin.deletions.username': 'Username',
  'admin.deletions.contacts': 'Contacts',
  'admin.deletions.requestedAt': 'Requested',
  'admin.deletions.eraseAfter': 'Erased after',
  'admin.deletions.erase': 'Erase now',
  'admin.deletions.erase.confirm': 'Erase the account {username} now? This cannot be undone.',
  'admin.deletions.erased': 'Account erased',

  'event.account.deletion_requested': 'Account deletion requested',
  'event.account.deletion_cancelled': 'Account deletion cancelled',
  'event.account.erased': 'Account erased',
};

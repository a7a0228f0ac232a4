import type { messagingZhCN } from './messaging.zh-CN.js';

/** Console phrases for SMS availability and the admins' message list (issue 9), in English. */
export const messagingEn: Record<keyof typeof messagingZhCN, string> = {
  'sms.off.register':
    'Text messages are switched off on this platform, so phone sign-up is closed: sign up with an email address.',
  'sms.off.login':
    'Text messages are switched off on this platform: a phone number still logs in with its password; to reset a password, use your email.',
  'sms.off.forgot':
    'Text messages are switched off on this platform, so no code can go to a phone: enter your email address.',
  'sms.off.contact': 'Text messages are switched off: a phone number cannot be bound or changed for now',

  'admin.nav.messages': 'Messages',
  'admin.messages.title': 'Messages',
  'admin.messages.hint': 'Recent text messages and emails (recipients masked; no codes or other content)',
  'admin.messages.allStatuses': 'All statuses',
  'admin.messages.col.time': 'Time',
  'admin.messages.col.to': 'Recipient',
  'admin.messages.col.template': 'Template',
  'admin.messages.col.status': 'Status',
  'admin.messages.col.attempts': 'Attempts',
  'admin.messages.col.provider': 'Provider',
  'admin.messages.col.lastError': 'Last error',
  'admin.messages.empty': 'No messages',
  'admin.messages.status.queued': 'Queued',
  'admin.messages.status.sending': 'Sending',
  'admin.messages.status.sent': 'Sent',
  'admin.messages.status.abandoned': 'Abandoned',
  'admin.messages.status.expired': 'Expired',
  'admin.messages.status.throttled': 'Throttled by the provider',
};

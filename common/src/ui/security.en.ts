import type { securityZhCN } from './security.zh-CN.js';

/** Log-in throttling and security-profile phrases in English; spread into `en`. */
export const securityEn: Record<keyof typeof securityZhCN, string> = {
  'sec.throttled': 'Too many attempts. Try again in {seconds} s, or',
  'sec.throttled.reset': 'reset your password',
  'sec.password.classes': 'Mix at least {classes} of: upper-case letters, lower-case letters, digits, symbols',
  'sec.enroll.title': 'Turn on two-factor authentication first',
  'sec.enroll.hint':
    'Under China’s Multi-Level Protection Scheme (MLPS 2.0), enterprise developers must add an authenticator app before using the rest of the console.',
  'sec.audit.nav': 'Audit export',
  'sec.audit.title': 'Export the security audit log',
  'sec.audit.hint':
    'Downloads every audit record in the chosen time range (at most {days} days). Each export is itself recorded in the audit log.',
  'sec.audit.range': 'Time range',
  'sec.audit.range.required': 'Choose a time range',
  'sec.audit.format': 'Format',
  'sec.audit.download': 'Export',
  'event.audit.exported': 'Audit log exported',
};

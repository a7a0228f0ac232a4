import { checkPasswordShape, errorMessage, PASSWORD_MIN_DEFAULT, type Locale } from '@devplat/common';
import type { FormRule as Rule } from 'antd';
import { looksLikeEmail, toE164 } from './contact.js';
import type { Translate } from '../../i18n/I18nProvider.js';

export type Channel = 'phone' | 'email';

export function contactRules(channel: Channel, locale: Locale, t: Translate): Rule[] {
  const check = channel === 'phone' ? (v: string) => toE164(v) !== null : looksLikeEmail;
  return [
    {
      required: true,
      whitespace: true,
      message: t(channel === 'phone' ? 'contact.phone.required' : 'contact.email.required'),
    },
    {
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || !value.trim() || check(value)) return;
        throw new Error(errorMessage(channel === 'phone' ? 'phone.invalid' : 'email.invalid', locale));
      },
    },
  ];
}

/** The same length and personal-information rules, and the same words, as the server. */
export function passwordRules(channel: Channel, locale: Locale, t: Translate): Rule[] {
  return [
    { required: true, message: t('password.required') },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || !value) return;
        const contact = String(getFieldValue(channel) ?? '');
        const context = channel === 'phone' ? { phone: toE164(contact) ?? contact } : { email: contact.trim() };
        const problem = checkPasswordShape(value, { min: PASSWORD_MIN_DEFAULT, context });
        if (problem) throw new Error(errorMessage(problem.code, locale, problem.details));
      },
    }),
  ];
}

export function codeRules(t: Translate): Rule[] {
  return [
    { required: true, message: t('code.required') },
    { pattern: /^\d{6}$/, message: t('code.format') },
  ];
}

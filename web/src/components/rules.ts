import { checkPasswordShape, errorMessage, type Locale } from '@devplat/common';
import type { FormRule as Rule } from 'antd';
import { loadPhone, looksLikeEmail, toE164 } from './contact.js';
import type { Translate } from '../i18n/I18nProvider.js';

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
        if (typeof value !== 'string' || !value.trim()) return;
        if (channel === 'phone') await loadPhone();
        if (check(value)) return;
        throw new Error(errorMessage(channel === 'phone' ? 'phone.invalid' : 'email.invalid', locale));
      },
    },
  ];
}

export interface PersonalContext {
  phone?: string | null;
  email?: string | null;
  username?: string | null;
}

/** A new password for a known account (reset, change): the server's rules (`min` as configured) with its contacts. */
export function newPasswordRules(
  context: PersonalContext,
  min: number,
  locale: Locale,
  t: Translate,
  /** Character classes the profile asks for (SECURITY_PROFILE=mlps: 3). */
  minClasses = 0,
): Rule[] {
  return [
    { required: true, message: t('password.required') },
    {
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || !value) return;
        const problem = checkPasswordShape(value, { min, minClasses, context });
        if (problem) throw new Error(errorMessage(problem.code, locale, problem.details));
      },
    },
  ];
}

/** Phone or email in one field (log-in style): a valid phone or a plausible address. */
export function phoneOrEmailRules(locale: Locale, t: Translate): Rule[] {
  return [
    { required: true, whitespace: true, message: t('login.identifier.required') },
    {
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || !value.trim()) return;
        if (value.includes('@')) {
          if (!looksLikeEmail(value)) throw new Error(errorMessage('email.invalid', locale));
        } else if ((await loadPhone()).toE164(value) === null) throw new Error(errorMessage('phone.invalid', locale));
      },
    },
  ];
}

/** The same length (`min` as configured) and personal-information rules, and the same words, as the server. */
export function passwordRules(channel: Channel, min: number, locale: Locale, t: Translate, minClasses = 0): Rule[] {
  return [
    { required: true, message: t('password.required') },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || !value) return;
        const contact = String(getFieldValue(channel) ?? '');
        if (channel === 'phone') await loadPhone();
        const context = channel === 'phone' ? { phone: toE164(contact) ?? contact } : { email: contact.trim() };
        const problem = checkPasswordShape(value, { min, minClasses, context });
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

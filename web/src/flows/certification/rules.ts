import {
  certificationLimits,
  errorMessage,
  isValidName,
  normalizeCreditCode,
  normalizeIdNumber,
  type Locale,
} from '@devplat/common';
import type { FormRule as Rule } from 'antd';
import type { Translate } from '../../i18n/I18nProvider.js';
import { loadPhone } from '../../components/contact.js';
import { midSentence } from '../../components/format.js';

type TextField = 'companyName' | 'address' | 'contactName' | 'realName';

const codePoints = (value: string) => [...value.trim()].length;

/** Required, 2..max characters after trimming (the server counts code points). */
export function textRules(field: TextField, t: Translate, locale: Locale): Rule[] {
  const { min, max } = certificationLimits[field];
  const name = midSentence(t(`certification.field.${field}`), locale);
  return [
    {
      validator: async (_, value: string | undefined) => {
        const length = codePoints(value ?? '');
        if (length === 0) throw new Error(t('certification.required', { field: name }));
        if (length < min || length > max) throw new Error(t('certification.length', { field: name, min, max }));
        // Names as an ID card or licence prints them: the server's own pattern (common NAME_PATTERN).
        if (field !== 'address' && !isValidName(value ?? ''))
          throw new Error(errorMessage('certification.invalid_name', locale));
      },
    },
  ];
}

/** A check-character rule: the same algorithms as the server (GB 32100 / GB 11643). */
export function identityRules(field: 'creditCode' | 'idNumber', t: Translate, locale: Locale): Rule[] {
  const valid = (value: string) =>
    field === 'creditCode' ? normalizeCreditCode(value) : normalizeIdNumber(value, new Date());
  const code = field === 'creditCode' ? 'certification.invalid_credit_code' : 'certification.invalid_id_number';
  return [
    {
      validator: async (_, value: string | undefined) => {
        if (!value?.trim())
          throw new Error(
            t('certification.required', { field: midSentence(t(`certification.field.${field}`), locale) }),
          );
        if (!valid(value)) throw new Error(errorMessage(code, locale));
      },
    },
  ];
}

export function phoneRules(t: Translate, locale: Locale): Rule[] {
  return [
    {
      validator: async (_, value: string | undefined) => {
        if (!value?.trim())
          throw new Error(
            t('certification.required', { field: midSentence(t('certification.field.contactPhone'), locale) }),
          );
        if (!(await loadPhone()).toE164(value)) throw new Error(errorMessage('phone.invalid', locale));
      },
    },
  ];
}

export function uploadRules(label: string, t: Translate, locale: Locale): Rule[] {
  return [{ required: true, message: t('certification.upload.required', { field: midSentence(label, locale) }) }];
}

export function consentRules(t: Translate): Rule[] {
  return [
    {
      validator: async (_, value: boolean | undefined) => {
        if (value !== true) throw new Error(t('certification.consent.required'));
      },
    },
  ];
}

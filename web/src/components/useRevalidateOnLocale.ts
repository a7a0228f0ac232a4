import type { FormInstance } from 'antd';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';

/** Field errors already shown are re-checked when the language changes, so they follow it. */
export function useRevalidateOnLocale(form: FormInstance): void {
  const { locale } = useI18n();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const withErrors = form
      .getFieldsError()
      .filter((field) => field.errors.length > 0)
      .map((field) => field.name);
    if (withErrors.length > 0) form.validateFields(withErrors).catch(() => undefined);
  }, [locale, form]);
}

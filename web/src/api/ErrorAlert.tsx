import { errorMessage } from '@devplat/common';
import { Alert } from 'antd';
import { useI18n } from '../i18n/I18nProvider.js';
import { ApiError } from './client.js';

/** The text of a failed call in the current language (re-translated when the language changes). */
export function useErrorText(): (error: unknown) => string {
  const { locale, t } = useI18n();
  return (error) => {
    if (error instanceof ApiError) {
      if (error.body) return errorMessage(error.body.code, locale, error.body.details);
      if (error.status === 0) return t('error.network');
      return t('error.unexpected', { status: error.status });
    }
    return t('error.unexpected', { status: '?' });
  };
}

/** A server error shown as plain text above a form. */
export function ErrorAlert({ error, testId }: { error: unknown; testId: string }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert type="error" showIcon title={<span data-testid={testId}>{text(error)}</span>} style={{ marginBottom: 16 }} />
  );
}

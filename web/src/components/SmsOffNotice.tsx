import type { UiKey } from '@devplat/common';
import { Alert } from 'antd';
import { useI18n } from '../i18n/I18nProvider.js';
import { useSmsAvailable } from './useSmsAvailable.js';

/** Says why phone codes are missing when the server sends no SMS (SMS_PROVIDERS=none); else nothing. */
export function SmsOffNotice({ phrase }: { phrase: UiKey }) {
  const { t } = useI18n();
  if (useSmsAvailable()) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={<span data-testid="sms-off-notice">{t(phrase)}</span>}
      style={{ marginBottom: 16 }}
    />
  );
}

import { Form, Input } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

/** The 6-digit one-time password field (form field `code`). */
export function TotpCodeItem({ testId, autoFocus }: { testId: string; autoFocus?: boolean }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="code"
      label={t('sf.code')}
      rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('sf.code.required') }]}
    >
      <Input
        data-testid={testId}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        autoFocus={autoFocus}
      />
    </Form.Item>
  );
}

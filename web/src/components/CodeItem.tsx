import { Form, Input, Space } from 'antd';
import { useI18n } from '../i18n/I18nProvider.js';
import { CodeButton } from './CodeButton.js';
import { codeRules } from './rules.js';

/** 验证码 + 获取验证码 in one row; the form field is `code`. */
export function CodeItem({
  onSend,
  channel,
  inputTestId,
  buttonTestId,
  sendLabel,
  sent,
}: {
  onSend: () => Promise<number | null>;
  channel: 'sms' | 'email' | null;
  inputTestId: string;
  buttonTestId: string;
  sendLabel?: 'code.send' | 'code.sendNow';
  /**
   * A code went out: said under the row in the channel's words, and read out by screen readers
   * (role="status"), where the signed-out pages, which have no toasts, say it.
   */
  sent?: boolean;
}) {
  const { t } = useI18n();
  const placeholder =
    channel === 'sms' ? 'code.placeholder.sms' : channel === 'email' ? 'code.placeholder.email' : 'code.required';
  return (
    <Form.Item
      label={t('code.label')}
      required
      extra={
        sent &&
        channel && (
          <span role="status" data-testid={`${buttonTestId}-notice`}>
            {t(channel === 'sms' ? 'code.sent.sms' : 'code.sent.email')}
          </span>
        )
      }
    >
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name="code" noStyle rules={codeRules(t)}>
          <Input
            data-testid={inputTestId}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder={t(placeholder)}
          />
        </Form.Item>
        <CodeButton onSend={onSend} label={sendLabel} testId={buttonTestId} />
      </Space.Compact>
    </Form.Item>
  );
}

import { Form, Input, Space } from 'antd';
import type { ReactNode } from 'react';
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
  notice,
}: {
  onSend: () => Promise<number | null>;
  channel: 'sms' | 'email' | null;
  inputTestId: string;
  buttonTestId: string;
  sendLabel?: 'code.send' | 'code.sendNow';
  /** Said under the row, and read out by screen readers (role="status"): e.g. that the code went out. */
  notice?: ReactNode;
}) {
  const { t } = useI18n();
  const placeholder =
    channel === 'sms' ? 'code.placeholder.sms' : channel === 'email' ? 'code.placeholder.email' : 'code.required';
  return (
    <Form.Item
      label={t('code.label')}
      required
      extra={
        notice && (
          <span role="status" data-testid={`${buttonTestId}-notice`}>
            {notice}
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

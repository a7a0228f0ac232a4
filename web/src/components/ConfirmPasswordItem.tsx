import { Form, Input } from 'antd';
import { useI18n } from '../i18n/I18nProvider.js';

/** 确认新密码: the same password typed again; checked in the page only (the server gets one). */
export function ConfirmPasswordItem({ passwordName, testId }: { passwordName: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={`${passwordName}Confirm`}
      label={t('password.confirm')}
      dependencies={[passwordName]}
      rules={[
        { required: true, message: t('password.confirm.required') },
        ({ getFieldValue }) => ({
          validator: async (_rule, value: unknown) => {
            if (!value || value === getFieldValue(passwordName)) return;
            throw new Error(t('password.confirm.mismatch'));
          },
        }),
      ]}
    >
      <Input.Password
        data-testid={testId}
        autoComplete="new-password"
        placeholder={t('password.confirm.placeholder')}
      />
    </Form.Item>
  );
}

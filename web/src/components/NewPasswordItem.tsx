import { Form, Input, Space } from 'antd';
import { useI18n } from '../i18n/I18nProvider.js';
import { ConfirmPasswordItem } from './ConfirmPasswordItem.js';
import { PasswordStrength } from './PasswordStrength.js';
import { newPasswordRules, type PersonalContext } from './rules.js';
import { usePasswordPolicy } from './usePasswordPolicy.js';
import { Text } from './text.js';

/**
 * A new password for a known account (password reset, password change): the registration's
 * inline rules (with this account's contacts), strength meter, and 确认新密码 below it. Lives in
 * a form with fields `name` and `<name>Confirm`.
 */
export function NewPasswordItem({
  name,
  label,
  context,
  testId,
}: {
  name: string;
  label: string;
  context: PersonalContext;
  testId: string;
}) {
  const { locale, t } = useI18n();
  const { min, minClasses } = usePasswordPolicy();
  const form = Form.useFormInstance();
  const password = (Form.useWatch(name, form) as string | undefined) ?? '';
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        rules={newPasswordRules(context, min, locale, t, minClasses)}
        extra={
          <Space orientation="vertical" size={4} style={{ width: '100%', marginTop: 4 }}>
            <PasswordStrength password={password} context={context} min={min} />
            <Text type="secondary">{t('password.hint', { min })}</Text>
            {minClasses > 0 && (
              <Text type="secondary" data-testid="password-classes-hint">
                {t('sec.password.classes', { classes: minClasses })}
              </Text>
            )}
          </Space>
        }
      >
        <Input.Password
          data-testid={testId}
          autoComplete="new-password"
          placeholder={t('password.placeholder', { min })}
        />
      </Form.Item>
      <ConfirmPasswordItem passwordName={name} testId={testId.replace(/-input$/, '-confirm-input')} />
    </>
  );
}

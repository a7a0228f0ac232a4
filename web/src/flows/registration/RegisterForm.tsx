import { Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.js';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { CodeItem } from '../../components/CodeItem.js';
import { toE164 } from '../../components/contact.js';
import { ConfirmPasswordItem } from '../../components/ConfirmPasswordItem.js';
import { useChallenge } from '../../components/useChallenge.js';
import { PasswordStrength } from '../../components/PasswordStrength.js';
import { contactRules, passwordRules, type Channel } from '../../components/rules.js';
import { usePasswordPolicy } from '../../components/usePasswordPolicy.js';
import { useRevalidateOnLocale } from '../../components/useRevalidateOnLocale.js';
import { useForgetSession } from '../layout/session.js';
import { Text } from '../../components/text.js';

interface Values {
  phone?: string;
  email?: string;
  password: string;
  code: string;
}

/** The contact as sent to the server: phones in E.164, emails trimmed. */
function contactOf(channel: Channel, values: Partial<Values>): string {
  const raw = (channel === 'phone' ? values.phone : values.email)?.trim() ?? '';
  return channel === 'phone' ? (toE164(raw) ?? raw) : raw;
}

/** Phone (or email) + password + code → account created and signed in → App management. */
export function RegisterForm({ channel }: { channel: Channel }) {
  const { locale, t } = useI18n();
  const navigate = useNavigate();
  const forgetSession = useForgetSession();
  const { min, minClasses } = usePasswordPolicy();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  // Said under the code's row once a code went out (the signed-out pages show no toasts).
  const [codeSent, setCodeSent] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const password = Form.useWatch('password', form) ?? '';
  const contact = Form.useWatch(channel, form) ?? '';
  useRevalidateOnLocale(form);
  const challenge = useChallenge();

  const sendCode = async (): Promise<number | null> => {
    try {
      await form.validateFields([channel]);
    } catch {
      return null;
    }
    setError(null);
    try {
      const sent = await api.sendRegisterCode(contactOf(channel, form.getFieldsValue()), await challenge.take());
      setCodeSent(true);
      return sent.resendAfterSeconds;
    } catch (failure) {
      setError(failure);
      const retry = failure instanceof ApiError ? failure.body?.details?.retryAfterSeconds : undefined;
      return typeof retry === 'number' ? retry : null;
    }
  };

  const submit = async (values: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      const to = contactOf(channel, values);
      const code = values.code.trim();
      await api.register(
        channel === 'phone'
          ? { phone: to, code, password: values.password }
          : { email: to, code, password: values.password },
      );
      forgetSession();
      navigate('/certification', { replace: true }); // 信息登记 comes right after sign-up
    } catch (failure) {
      setError(failure);
      setSubmitting(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} noValidate>
      <ErrorAlert error={error} testId="register-error" />
      {challenge.widget}
      <Form.Item
        name={channel}
        label={t(channel === 'phone' ? 'contact.phone' : 'contact.email')}
        rules={contactRules(channel, locale, t)}
        validateTrigger="onBlur"
      >
        <Input
          data-testid={channel === 'phone' ? 'register-phone-input' : 'register-email-input'}
          type={channel === 'phone' ? 'tel' : 'email'}
          autoComplete={channel === 'phone' ? 'tel' : 'email'}
          placeholder={t(channel === 'phone' ? 'contact.phone.placeholder' : 'contact.email.placeholder')}
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('password.label')}
        rules={passwordRules(channel, min, locale, t, minClasses)}
        dependencies={[channel]}
        extra={
          <Space orientation="vertical" size={4} style={{ width: '100%', marginTop: 4 }}>
            <PasswordStrength
              password={password}
              min={min}
              context={channel === 'phone' ? { phone: contact.trim() } : { email: contact.trim() }}
            />
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
          data-testid="register-password-input"
          autoComplete="new-password"
          placeholder={t('password.placeholder', { min })}
        />
      </Form.Item>
      <ConfirmPasswordItem passwordName="password" testId="register-password-confirm-input" />
      <CodeItem
        onSend={sendCode}
        channel={channel === 'phone' ? 'sms' : 'email'}
        inputTestId="register-code-input"
        buttonTestId="send-code-button"
        sent={codeSent}
      />
      <Button data-testid="register-submit" type="primary" htmlType="submit" block loading={submitting}>
        {t('register.submit')}
      </Button>
    </Form>
  );
}

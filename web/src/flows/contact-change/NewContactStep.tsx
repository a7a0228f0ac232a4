import type { Me } from '../../api/types.js';
import { Button, Form, Input } from 'antd';
import { useRef, useState } from 'react';
import { errorCodeOf, retryAfterOf } from '../../api/client.js';
import { api } from '../../api/endpoints.js';
import type { ContactKind } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { CodeItem } from '../../components/CodeItem.js';
import { toE164 } from '../../components/contact.js';
import { contactRules } from '../../components/rules.js';

/** The new address as sent: phones in E.164, emails trimmed. */
function normalized(kind: ContactKind, value: string): string {
  return kind === 'phone' ? (toE164(value) ?? value.trim()) : value.trim();
}

/**
 * Step 2: the new phone/email, 获取验证码 to it, code → 提交. The server binds the address the code
 * went to; an edited address needs a new code. An expired ticket starts the dialog over.
 */
export function NewContactStep({
  kind,
  ticket,
  setError,
  onRestart,
  onDone,
}: {
  kind: ContactKind;
  ticket: string;
  setError: (error: unknown) => void;
  onRestart: (error: unknown) => void;
  onDone: (me: Me) => void;
}) {
  const { locale, t } = useI18n();
  const [form] = Form.useForm<{ to: string; code: string }>();
  const codeSentTo = useRef<string | null>(null);
  const [saving, setSaving] = useState(false);

  const failed = (failure: unknown) => {
    if (errorCodeOf(failure) === 'ticket.invalid') onRestart(failure);
    else setError(failure);
  };

  const sendCode = async (): Promise<number | null> => {
    try {
      await form.validateFields(['to']);
    } catch {
      return null;
    }
    setError(null);
    const to = normalized(kind, form.getFieldValue('to') as string);
    try {
      const sent = await api.sendNewContactCode(kind, ticket, to);
      codeSentTo.current = to;
      return sent.resendAfterSeconds;
    } catch (failure) {
      failed(failure);
      return retryAfterOf(failure);
    }
  };

  const submit = async (values: { to: string; code: string }) => {
    if (codeSentTo.current !== normalized(kind, values.to)) {
      form.setFields([{ name: 'code', errors: [t('contact.new.sendFirst')] }]);
      return;
    }
    setError(null);
    setSaving(true);
    try {
      onDone(await api.completeContactChange(kind, ticket, values.code.trim()));
    } catch (failure) {
      failed(failure);
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
      <Form.Item
        name="to"
        label={t(kind === 'phone' ? 'contact.new.phone' : 'contact.new.email')}
        rules={contactRules(kind, locale, t)}
        validateTrigger="onBlur"
      >
        <Input
          data-testid="contact-new-input"
          type={kind === 'phone' ? 'tel' : 'email'}
          autoComplete={kind === 'phone' ? 'tel' : 'email'}
          placeholder={t(kind === 'phone' ? 'contact.phone.placeholder' : 'contact.email.placeholder')}
        />
      </Form.Item>
      <CodeItem
        onSend={sendCode}
        channel={kind === 'phone' ? 'sms' : 'email'}
        inputTestId="contact-new-code-input"
        buttonTestId="contact-new-send-code"
      />
      <Button data-testid="contact-submit" type="primary" htmlType="submit" block loading={saving}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}

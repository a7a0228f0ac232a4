import { Button, Form, Input } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { normalizeIdentifier } from '../../components/contact.js';
import { phoneOrEmailRules } from '../../components/rules.js';
import { useRevalidateOnLocale } from '../../components/useRevalidateOnLocale.js';
import { SmsOffNotice } from '../../components/SmsOffNotice.js';
import { useSmsAvailable } from '../../components/useSmsAvailable.js';

/** Step 1: the account's phone or email (sent on as E.164 / trimmed). */
export function ContactStep({ onNext }: { onNext: (to: string) => void }) {
  const { locale, t } = useI18n();
  const [form] = Form.useForm<{ contact: string }>();
  useRevalidateOnLocale(form);
  const sms = useSmsAvailable();
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      noValidate
      onFinish={(values) => void normalizeIdentifier(values.contact).then(onNext)}
    >
      <SmsOffNotice phrase="sms.off.forgot" />
      <Form.Item
        name="contact"
        label={t('login.identifier')}
        rules={phoneOrEmailRules(locale, t)}
        validateTrigger="onBlur"
        extra={sms ? t('forgot.contact.hint') : undefined}
      >
        <Input
          data-testid="forgot-contact-input"
          autoComplete="username"
          placeholder={t('login.identifier.placeholder')}
        />
      </Form.Item>
      <Button data-testid="forgot-next" type="primary" htmlType="submit" block>
        {t('common.next')}
      </Button>
    </Form>
  );
}

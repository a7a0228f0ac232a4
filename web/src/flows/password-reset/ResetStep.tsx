import { formatPhoneNational, maskContact } from '@devplat/common';
import { Button, Form } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorCodeOf, retryAfterOf } from '../../api/client.js';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { CodeItem } from '../../components/CodeItem.js';
import { NewPasswordItem } from '../../components/NewPasswordItem.js';
import { useChallenge } from '../../components/useChallenge.js';
import { useRevalidateOnLocale } from '../../components/useRevalidateOnLocale.js';
import { ActionLink, Paragraph } from '../../components/text.js';

interface Values {
  code: string;
  password: string;
}

/**
 * Step 2: 发送验证码 to `to`, then code + new password → 确定. The code is traded for a ticket
 * first; a ticket is kept if only the password is refused, so a corrected password needs no new code.
 */
export function ResetStep({ to, onBack }: { to: string; onBack: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  // Said under the code's row once a code went out (the signed-out pages show no toasts).
  const [codeSent, setCodeSent] = useState(false);
  const [ticket, setTicket] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const channel = to.includes('@') ? 'email' : 'sms';
  useRevalidateOnLocale(form);
  const challenge = useChallenge();

  const sendCode = async (): Promise<number | null> => {
    setError(null);
    try {
      const sent = await api.sendResetCode(to, await challenge.take());
      setTicket(null);
      setCodeSent(true);
      return sent.resendAfterSeconds;
    } catch (failure) {
      setError(failure);
      return retryAfterOf(failure);
    }
  };

  const submit = async (values: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      let current = ticket;
      if (!current) {
        current = (await api.resetTicket(to, values.code.trim())).ticket;
        setTicket(current);
      }
      await api.resetPassword(current, values.password);
      // One message (the log-in page's notice), and the contact just used already typed in.
      navigate('/login', {
        replace: true,
        state: { notice: 'passwordReset', identifier: to.includes('@') ? to : formatPhoneNational(to) },
      });
    } catch (failure) {
      if (errorCodeOf(failure) === 'ticket.invalid') setTicket(null);
      setError(failure);
      setSubmitting(false);
    }
  };

  const context = to.includes('@') ? { email: to } : { phone: to };
  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
      <ErrorAlert error={error} testId="forgot-error" />
      {challenge.widget}
      <Paragraph data-testid="forgot-target">
        {t('forgot.codeTo', { to: maskContact(to) })}{' '}
        <ActionLink onClick={onBack} data-testid="forgot-change-contact">
          {t('forgot.changeContact')}
        </ActionLink>
      </Paragraph>
      <CodeItem
        onSend={sendCode}
        channel={channel}
        sendLabel="code.sendNow"
        inputTestId="forgot-code-input"
        buttonTestId="forgot-send-code"
        sent={codeSent}
      />
      <NewPasswordItem name="password" label={t('password.new')} context={context} testId="forgot-password-input" />
      <Button data-testid="forgot-submit" type="primary" htmlType="submit" block loading={submitting}>
        {t('common.confirm')}
      </Button>
    </Form>
  );
}

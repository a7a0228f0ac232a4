import { maskContact } from '@devplat/common';
import { Button, Form, Typography } from 'antd';
import { useState } from 'react';
import { retryAfterOf } from '../../api/client.js';
import { api } from '../../api/endpoints.js';
import type { ContactKind } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useMe } from '../layout/session.js';
import { CodeItem } from '../../components/CodeItem.js';

/** Step 1: a code to the current contact (the server chooses it and names it, masked) → ticket. */
export function VerifyCurrentStep({
  kind,
  setError,
  onVerified,
}: {
  kind: ContactKind;
  setError: (error: unknown) => void;
  onVerified: (ticket: string) => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  // Where the code will go: this kind's contact, else the other one (the server decides the same way).
  const expected = me[kind] ?? me[kind === 'email' ? 'phone' : 'email'];
  const channel = expected?.includes('@') ? 'email' : 'sms';

  const sendCode = async (): Promise<number | null> => {
    setError(null);
    try {
      const sent = await api.sendCurrentContactCode(kind);
      setSentTo(sent.sentTo);
      return sent.resendAfterSeconds;
    } catch (failure) {
      setError(failure);
      return retryAfterOf(failure);
    }
  };

  const next = async ({ code }: { code: string }) => {
    setError(null);
    setChecking(true);
    try {
      const { ticket } = await api.contactChangeTicket(kind, code.trim());
      onVerified(ticket);
    } catch (failure) {
      setError(failure);
      setChecking(false);
    }
  };

  return (
    <Form layout="vertical" requiredMark={false} noValidate onFinish={(v) => void next(v)}>
      <Typography.Paragraph data-testid="contact-current-target">
        {sentTo
          ? t('contact.codeSentTo', { to: sentTo })
          : t('contact.codeWillGoTo', { to: expected ? maskContact(expected) : '' })}
      </Typography.Paragraph>
      <CodeItem
        onSend={sendCode}
        channel={channel}
        inputTestId="contact-current-code-input"
        buttonTestId="contact-current-send-code"
      />
      <Button data-testid="contact-next" type="primary" htmlType="submit" block loading={checking}>
        {t('common.next')}
      </Button>
    </Form>
  );
}

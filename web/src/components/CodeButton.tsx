import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * 获取验证码: sends, then counts down the server's resendAfterSeconds (or the retry-after of a
 * refused send) with the button disabled.
 */
export function CodeButton({
  onSend,
  label = 'code.send',
  testId = 'send-code-button',
}: {
  onSend: () => Promise<number | null>;
  label?: 'code.send' | 'code.sendNow';
  testId?: string;
}) {
  const { t } = useI18n();
  const [seconds, setSeconds] = useState(0);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (seconds <= 0) return;
    const timer = window.setTimeout(() => setSeconds((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [seconds]);

  const click = async () => {
    setSending(true);
    try {
      const wait = await onSend();
      if (wait !== null) setSeconds(Math.max(0, Math.ceil(wait)));
    } finally {
      setSending(false);
    }
  };

  return (
    <Button data-testid={testId} loading={sending} disabled={seconds > 0} onClick={() => void click()}>
      {seconds > 0 ? t('code.resend', { seconds }) : t(label)}
    </Button>
  );
}

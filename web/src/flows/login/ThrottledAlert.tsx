import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';

/**
 * The throttled log-in (auth.throttled, issue 13 point 3): how many seconds are left, counted
 * down each second from the server's Retry-After, and the way out (reset the password). Hidden
 * once the wait is over.
 */
export function ThrottledAlert({ seconds }: { seconds: number }) {
  const { t } = useI18n();
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    setLeft(seconds);
    const started = Date.now();
    const timer = window.setInterval(() => {
      const rest = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(rest);
      if (rest === 0) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [seconds]);
  if (left === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={
        <span data-testid="login-throttled">
          <span data-testid="login-throttled-text">{t('sec.throttled', { seconds: left })}</span>{' '}
          <Link to="/forgot-password" data-testid="login-throttled-reset">
            {t('sec.throttled.reset')}
          </Link>
        </span>
      }
    />
  );
}

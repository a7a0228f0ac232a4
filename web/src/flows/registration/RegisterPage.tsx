import { Tabs, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import { AuthShell } from '../layout/AuthShell.js';
import { RegisterForm } from './RegisterForm.js';
import type { Channel } from '../../components/rules.js';
import { SmsOffNotice } from '../../components/SmsOffNotice.js';
import { useSmsAvailable } from '../../components/useSmsAvailable.js';

/** 手机号注册 / 邮箱注册; `?by=email` opens the email tab. Without SMS only the email tab is shown, with why. */
export function RegisterPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const sms = useSmsAvailable();
  const channels: Channel[] = sms ? ['phone', 'email'] : ['email'];
  const active: Channel = params.get('by') === 'email' || !sms ? 'email' : 'phone';
  return (
    <AuthShell title={t('register.title')}>
      <SmsOffNotice phrase="sms.off.register" />
      <Tabs
        activeKey={active}
        destroyOnHidden
        onChange={(key) => setParams(key === 'email' ? { by: 'email' } : {}, { replace: true })}
        items={channels.map((channel) => ({
          key: channel,
          label: <span data-testid={`register-tab-${channel}`}>{t(`register.tab.${channel}`)}</span>,
          children: <RegisterForm channel={channel} />,
        }))}
      />
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('register.haveAccount')}{' '}
        <Link to="/login" data-testid="to-login-link">
          {t('register.toLogin')}
        </Link>
      </Typography.Paragraph>
    </AuthShell>
  );
}

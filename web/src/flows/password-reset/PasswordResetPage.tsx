import { Flex, Steps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import { AuthShell } from '../layout/AuthShell.js';
import { ContactStep } from './ContactStep.js';
import { ResetStep } from './ResetStep.js';

/**
 * 找回密码: 1. phone or email → 下一步; 2. 发送验证码, code and new password → 确定;
 * then back to /login (a reset signs nobody in).
 */
export function PasswordResetPage() {
  const { t } = useI18n();
  const [to, setTo] = useState<string | null>(null);
  return (
    <AuthShell title={t('forgot.title')}>
      <Steps
        size="small"
        current={to ? 1 : 0}
        style={{ marginBottom: 24 }}
        items={[{ title: t('forgot.step.account') }, { title: t('forgot.step.reset') }]}
      />
      {to ? <ResetStep to={to} onBack={() => setTo(null)} /> : <ContactStep onNext={setTo} />}
      <Flex justify="center" style={{ marginTop: 16 }}>
        <Link to="/login" data-testid="forgot-back-to-login">
          {t('forgot.backToLogin')}
        </Link>
      </Flex>
    </AuthShell>
  );
}

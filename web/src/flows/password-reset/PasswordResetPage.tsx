import { Flex, Steps } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router-dom';
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
  // Each step is its own history entry with its own address (?step=reset; the contact kept in
  // the entry's state, not in the address): Back from step 2 returns to step 1, and a reload
  // stays where it was. Step 2's address without its contact (a copied link) is step 1.
  const location = useLocation();
  const navigate = useNavigate();
  const stored = (location.state as { to?: string } | null)?.to ?? null;
  const to = new URLSearchParams(location.search).get('step') === 'reset' ? stored : null;
  const setTo = (next: string) =>
    navigate({ pathname: location.pathname, search: '?step=reset' }, { state: { to: next } });
  return (
    <AuthShell title={t('forgot.title')}>
      <Steps
        size="small"
        current={to ? 1 : 0}
        style={{ marginBottom: 24 }}
        items={[{ title: t('forgot.step.account') }, { title: t('forgot.step.reset') }]}
      />
      {to ? <ResetStep to={to} onBack={() => navigate(-1)} /> : <ContactStep onNext={setTo} />}
      <Flex justify="center" style={{ marginTop: 16 }}>
        <Link to="/login" data-testid="forgot-back-to-login">
          {t('forgot.backToLogin')}
        </Link>
      </Flex>
    </AuthShell>
  );
}

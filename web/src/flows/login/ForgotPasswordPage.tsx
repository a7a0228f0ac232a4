import { Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import { AuthShell } from '../layout/AuthShell.js';

/** Placeholder: the forgot-password flow is built separately. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  return (
    <AuthShell title={t('forgot.title')}>
      <Result
        status="info"
        subTitle={<span data-testid="forgot-coming-soon">{t('forgot.comingSoon')}</span>}
        extra={<Link to="/login">{t('forgot.backToLogin')}</Link>}
      />
    </AuthShell>
  );
}

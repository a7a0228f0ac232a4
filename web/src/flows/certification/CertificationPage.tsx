import { Card, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';

/** 认证信息 (placeholder): developer certification is built separately. */
export function CertificationPage() {
  const { t } = useI18n();
  return (
    <Card>
      <Result
        status="info"
        title={<span data-testid="page-title">{t('certification.title')}</span>}
        subTitle={<span data-testid="certification-coming-soon">{t('certification.comingSoon')}</span>}
        extra={<Link to="/personal">{t('certification.back')}</Link>}
      />
    </Card>
  );
}

import { Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      data-testid="not-found"
      status="404"
      title={t('notFound.title')}
      extra={<Link to="/apps">{t('notFound.back')}</Link>}
    />
  );
}

import { Card, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';

/** 认证信息: enterprise or personal certification (built separately); for now its state only. */
export function CertificationCard() {
  const { t } = useI18n();
  return (
    <Card title={t('personal.certification')}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Typography.Text>
          {t('certification.state')} <Tag data-testid="certification-state">{t('certification.notSubmitted')}</Tag>
        </Typography.Text>
        <Link to="/certification" data-testid="certification-link">
          {t('certification.go')}
        </Link>
      </Flex>
    </Card>
  );
}

import { Alert, Card, Descriptions, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useMe } from '../layout/session.js';

/** 个人中心 (placeholder): the account's username and contacts; editing comes later. */
export function PersonalPage() {
  const { t } = useI18n();
  const me = useMe();
  const notBound = <Typography.Text type="secondary">{t('personal.notBound')}</Typography.Text>;
  return (
    <Card>
      <Typography.Title level={4} data-testid="page-title" style={{ marginTop: 0 }}>
        {t('personal.title')}
      </Typography.Title>
      <Descriptions
        title={t('personal.account')}
        column={1}
        items={[
          { key: 'username', label: t('personal.username'), children: me.username },
          { key: 'phone', label: t('personal.phone'), children: me.phone ?? notBound },
          { key: 'email', label: t('personal.email'), children: me.email ?? notBound },
        ]}
      />
      <Alert type="info" showIcon title={t('personal.comingSoon')} style={{ marginTop: 16 }} />
    </Card>
  );
}

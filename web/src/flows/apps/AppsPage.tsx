import { Card, Empty, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

/** 应用管理: where a developer lands after log-in. App features come later. */
export function AppsPage() {
  const { t } = useI18n();
  return (
    <Card>
      <Typography.Title level={4} data-testid="page-title" style={{ marginTop: 0 }}>
        {t('apps.title')}
      </Typography.Title>
      <Empty
        data-testid="apps-empty"
        description={
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{t('apps.empty')}</Typography.Paragraph>
            <Typography.Text type="secondary">{t('apps.emptyHint')}</Typography.Text>
          </>
        }
      />
    </Card>
  );
}

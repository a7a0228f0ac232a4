import { useQuery } from '@tanstack/react-query';
import { Card, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { queries } from '../../api/queries.js';
import type { Quota } from '../../api/types.js';
import { useMe } from '../layout/session.js';
import { quotaText } from './format.js';

/** 设备用量 used / cap (or used / 不限). */
export function QuotaLine({ quota, testId = 'device-quota' }: { quota: Quota; testId?: string }) {
  const { t } = useI18n();
  return (
    <Space size={8}>
      <Typography.Text type="secondary">{t('apps.quota')}</Typography.Text>
      <Typography.Text strong data-testid={testId}>
        {quotaText(quota, t)}
      </Typography.Text>
    </Space>
  );
}

/** For 个人中心: the device quota once the developer is certified (no devices before that). */
export function DeviceQuotaCard() {
  const { t } = useI18n();
  const approved = useMe().certification?.state === 'approved';
  const quota = useQuery({ ...queries.quota(), enabled: approved });
  if (!approved || !quota.data) return null;
  return (
    <Card title={t('apps.quota')} size="small">
      <QuotaLine quota={quota.data} testId="personal-device-quota" />
    </Card>
  );
}

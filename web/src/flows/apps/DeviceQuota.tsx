import { useQuery } from '@tanstack/react-query';
import { Card, Progress, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { queries } from '../../api/queries.js';
import type { Quota } from '../../api/types.js';
import { useMe } from '../layout/session.js';
import { quotaText } from './format.js';

/** 设备用量 used / cap (or used / 不限); with a cap, a progress bar (orange from 80 %, red when full). */
export function QuotaLine({ quota, testId = 'device-quota' }: { quota: Quota; testId?: string }) {
  const { t } = useI18n();
  const percent = quota.cap ? Math.min(100, (quota.used / quota.cap) * 100) : null;
  return (
    <Space size={8} wrap>
      <Typography.Text type="secondary">{t('apps.quota')}</Typography.Text>
      <Typography.Text strong data-testid={testId}>
        {quotaText(quota, t)}
      </Typography.Text>
      {percent !== null && (
        <Progress
          data-testid={`${testId}-bar`}
          percent={percent}
          showInfo={false}
          size="small"
          style={{ width: 160, margin: 0 }}
          status={percent >= 100 ? 'exception' : 'normal'}
          strokeColor={percent >= 100 ? undefined : percent >= 80 ? '#fa8c16' : undefined}
          aria-label={t('apps.quota')}
        />
      )}
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

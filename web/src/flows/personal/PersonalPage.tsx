import { Flex, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { DeviceQuotaCard } from '../apps/DeviceQuota.js';
import { AccountCard } from './AccountCard.js';
import { CertificationCard } from './CertificationCard.js';
import { SecurityEventsCard } from './SecurityEventsCard.js';
import { SessionsCard } from './SessionsCard.js';

/** 个人中心: 账号信息, 认证信息, 登录设备, 安全记录. */
export function PersonalPage() {
  const { t } = useI18n();
  // Bumped after every change, so the device list and the history show it.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
        {t('personal.title')}
      </Typography.Title>
      <AccountCard onChanged={changed} />
      <CertificationCard />
      <DeviceQuotaCard />
      <SessionsCard version={version} onChanged={changed} />
      <SecurityEventsCard version={version} />
    </Flex>
  );
}

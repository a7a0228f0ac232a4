import { useQueryClient } from '@tanstack/react-query';
import { Flex, Typography } from 'antd';
import { useCallback } from 'react';
import { queries } from '../../api/queries.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { DeviceQuotaCard } from '../apps/DeviceQuota.js';
import { CertificationCard } from '../certification/CertificationCard.js';
import { AccountCard } from '../profile/AccountCard.js';
import { SecuritySettingsCard } from '../second-factor/SecuritySettingsCard.js';
import { SecurityEventsCard } from '../security-history/SecurityEventsCard.js';
import { SessionsCard } from '../sessions/SessionsCard.js';

/**
 * 个人中心: composes the parts of the flows it drives — profile (账号信息, with password-change and
 * contact-change), certification (认证信息), second-factor (安全设置), sessions (登录设备) and
 * security-history (安全记录).
 */
export function PersonalPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // After every change the device list and the history ask again, so they show it.
  const changed = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queries.sessions().queryKey });
    void queryClient.invalidateQueries({ queryKey: ['security-events'] });
  }, [queryClient]);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
        {t('personal.title')}
      </Typography.Title>
      <AccountCard onChanged={changed} />
      <CertificationCard />
      <DeviceQuotaCard />
      <SecuritySettingsCard onChanged={changed} />
      <SessionsCard onChanged={changed} />
      <SecurityEventsCard />
    </Flex>
  );
}

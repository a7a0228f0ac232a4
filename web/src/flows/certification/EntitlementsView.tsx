import type { Entitlements } from '../../api/types.js';
import { Descriptions, Tag } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

/** What the approved type entitles to: device cap, 7x24 support, 1V1 consulting. */
export function EntitlementsView({ entitlements }: { entitlements: Entitlements }) {
  const { t } = useI18n();
  const flag = (on: boolean, id: string) => (
    <Tag color={on ? 'success' : 'default'} data-testid={id}>
      {t(on ? 'certification.included' : 'certification.notIncluded')}
    </Tag>
  );
  return (
    <Descriptions
      size="small"
      column={1}
      data-testid="cert-entitlements"
      title={t('certification.entitlements')}
      items={[
        {
          key: 'cap',
          label: t('certification.deviceCap'),
          children: (
            <span data-testid="entitlement-device-cap">
              {entitlements.deviceCap === null
                ? t('certification.deviceCap.none')
                : t('certification.deviceCap.value', { cap: entitlements.deviceCap })}
            </span>
          ),
        },
        {
          key: 'support',
          label: t('certification.support7x24'),
          children: flag(entitlements.support7x24, 'entitlement-support'),
        },
        {
          key: 'consulting',
          label: t('certification.consulting1v1'),
          children: flag(entitlements.consulting1v1, 'entitlement-consulting'),
        },
      ]}
    />
  );
}

import { CheckCircleFilled } from '@ant-design/icons';
import type { DeveloperType } from '@devplat/common';
import type { Entitlements } from '../../api/types.js';
import { Card, Col, Flex, Row, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

/** 开发者类型: two cards with what each type gets (the guide's differences). */
export function TypeChoice({
  value,
  onChange,
  disabled,
  entitlements,
}: {
  value: DeveloperType;
  onChange: (type: DeveloperType) => void;
  disabled?: boolean;
  /** From the server's configuration (GET /certification → entitlementsByType). */
  entitlements: Record<DeveloperType, Entitlements>;
}) {
  const { t } = useI18n();
  const benefitsOf = (e: Entitlements) => [
    ...(e.support7x24 ? [t('certification.benefit.support')] : []),
    ...(e.consulting1v1 ? [t('certification.benefit.consulting')] : []),
    e.deviceCap === null ? t('certification.benefit.noCap') : t('certification.benefit.cap', { cap: e.deviceCap }),
  ];
  const benefits: Record<DeveloperType, string[]> = {
    enterprise: benefitsOf(entitlements.enterprise),
    personal: benefitsOf(entitlements.personal),
  };
  return (
    <Row gutter={[16, 16]} role="radiogroup" aria-label={t('certification.type')}>
      {(['enterprise', 'personal'] as const).map((type) => {
        const selected = value === type;
        return (
          <Col xs={24} md={12} key={type}>
            <Card
              hoverable={!disabled}
              role="radio"
              aria-checked={selected}
              data-testid={`type-${type}`}
              onClick={() => !disabled && onChange(type)}
              style={{
                height: '100%',
                borderColor: selected ? '#1677ff' : undefined,
                cursor: disabled ? 'default' : 'pointer',
              }}
            >
              <Flex justify="space-between" align="center">
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t(`certification.type.${type}`)}
                </Typography.Title>
                {selected && <CheckCircleFilled style={{ color: '#1677ff', fontSize: 18 }} />}
              </Flex>
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>
                {t(`certification.type.${type}.desc`)}
              </Typography.Paragraph>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {benefits[type].map((benefit) => (
                  <li key={benefit}>{benefit}</li>
                ))}
              </ul>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

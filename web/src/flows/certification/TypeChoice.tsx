import { CheckCircleFilled } from '@ant-design/icons';
import type { DeveloperType } from '@devplat/common';
import { Card, Col, Flex, Row, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { PERSONAL_DEVICE_CAP } from './format.js';

/** 开发者类型: two cards with what each type gets (the guide's differences). */
export function TypeChoice({
  value,
  onChange,
  disabled,
}: {
  value: DeveloperType;
  onChange: (type: DeveloperType) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const benefits: Record<DeveloperType, string[]> = {
    enterprise: [
      t('certification.benefit.support'),
      t('certification.benefit.consulting'),
      t('certification.benefit.noCap'),
    ],
    personal: [t('certification.benefit.cap', { cap: PERSONAL_DEVICE_CAP })],
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

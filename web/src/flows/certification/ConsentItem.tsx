import { Checkbox, Form, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { consentRules } from './rules.js';

/** The explicit consent to processing sensitive personal information (PIPL art. 29), with its version. */
export function ConsentItem({ version }: { version: string }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={5}>{t('certification.consent.title')}</Typography.Title>
      <Typography.Paragraph
        type="secondary"
        data-testid="cert-consent-text"
        // `pretty` keeps a last line from holding one lone character (Chinese breaks anywhere).
        style={{ background: '#fafafa', padding: 12, borderRadius: 6, marginBottom: 4, textWrap: 'pretty' }}
      >
        {t('certification.consent.text')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="cert-consent-version">
        {t('certification.consent.version', { version })}
      </Typography.Paragraph>
      <Form.Item name="consent" valuePropName="checked" rules={consentRules(t)} required>
        <Checkbox data-testid="cert-consent" style={{ textWrap: 'pretty' }}>
          {t('certification.consent.agree')}
        </Checkbox>
      </Form.Item>
    </>
  );
}

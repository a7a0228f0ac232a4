import { Form, Input } from 'antd';
import type { Submission } from '@devplat/common';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FileUpload } from './FileUpload.js';
import { identityRules, phoneRules, textRules, uploadRules } from './rules.js';

/** A text input with its test id (cert-<name>-input). */
function TextItem({
  name,
  rules,
  extra,
}: {
  name: string;
  rules: Parameters<typeof Form.Item>[0]['rules'];
  extra?: string;
}) {
  const { t } = useI18n();
  const label = t(`certification.field.${name}` as Parameters<typeof t>[0]);
  return (
    <Form.Item name={name} label={label} rules={rules} extra={extra} validateFirst>
      <Input
        data-testid={`cert-${name}-input`}
        maxLength={name === 'address' ? 200 : name === 'companyName' ? 100 : 50}
      />
    </Form.Item>
  );
}

/** The number typed again on every submission: the server only ever shows it masked. */
function reenterHint(previous: Submission | null, type: Submission['type'], t: ReturnType<typeof useI18n>['t']) {
  return previous && previous.type === type
    ? t('certification.identity.reenter', { masked: previous.identityMasked })
    : undefined;
}

export function EnterpriseFields({ previous }: { previous: Submission | null }) {
  const { locale, t } = useI18n();
  return (
    <>
      <TextItem name="companyName" rules={textRules('companyName', t)} />
      <TextItem
        name="creditCode"
        rules={identityRules('creditCode', t, locale)}
        extra={reenterHint(previous, 'enterprise', t)}
      />
      <TextItem name="address" rules={textRules('address', t)} />
      <TextItem name="contactName" rules={textRules('contactName', t)} />
      <TextItem name="contactPhone" rules={phoneRules(t, locale)} />
      <Form.Item
        name="businessLicenceFileId"
        label={t('certification.field.businessLicence')}
        rules={uploadRules(t('certification.field.businessLicence'), t)}
      >
        <FileUpload kind="business_licence" />
      </Form.Item>
    </>
  );
}

export function PersonalFields({ previous }: { previous: Submission | null }) {
  const { locale, t } = useI18n();
  return (
    <>
      <TextItem name="realName" rules={textRules('realName', t)} />
      <TextItem
        name="idNumber"
        rules={identityRules('idNumber', t, locale)}
        extra={reenterHint(previous, 'personal', t)}
      />
      <TextItem name="contactPhone" rules={phoneRules(t, locale)} />
      <Form.Item
        name="idFrontFileId"
        label={t('certification.field.idFront')}
        rules={uploadRules(t('certification.field.idFront'), t)}
      >
        <FileUpload kind="id_front" />
      </Form.Item>
      <Form.Item
        name="idBackFileId"
        label={t('certification.field.idBack')}
        rules={uploadRules(t('certification.field.idBack'), t)}
      >
        <FileUpload kind="id_back" />
      </Form.Item>
    </>
  );
}

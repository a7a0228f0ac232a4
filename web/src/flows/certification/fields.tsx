import { Form, Input } from 'antd';
import { useState } from 'react';
import { certificationLimits, type UploadKind } from '@devplat/common';
import type { Submission } from '../../api/types.js';
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
    <Form.Item name={name} label={label} rules={rules} extra={extra} validateFirst required>
      <Input
        data-testid={`cert-${name}-input`}
        placeholder={t(`certification.placeholder.${name}` as Parameters<typeof t>[0])}
        maxLength={name in certificationLimits ? certificationLimits[name as 'address'].max : 50}
      />
    </Form.Item>
  );
}

/** A document upload: label and required-message from certification.field.<label>. */
function UploadItem({
  name,
  label,
  kind,
}: {
  name: string;
  label: 'businessLicence' | 'idFront' | 'idBack';
  kind: UploadKind;
}) {
  const { locale, t } = useI18n();
  const text = t(`certification.field.${label}`);
  // A failed upload's message replaces the field's own: one message under the field, not two.
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <Form.Item
      name={name}
      label={text}
      required
      rules={uploadRules(text, t, locale)}
      {...(failure
        ? { validateStatus: 'error' as const, help: <span data-testid={`upload-error-${kind}`}>{failure}</span> }
        : {})}
    >
      <FileUpload kind={kind} onError={setFailure} />
    </Form.Item>
  );
}

/** The identity number, typed again on every submission: the server only ever shows it masked. */
function IdentityItem({
  name,
  type,
  previous,
}: {
  name: 'creditCode' | 'idNumber';
  type: Submission['type'];
  previous: Submission | null;
}) {
  const { locale, t } = useI18n();
  const hint =
    previous && previous.type === type
      ? t('certification.identity.reenter', { masked: previous.identityMasked })
      : undefined;
  return <TextItem name={name} rules={identityRules(name, t, locale)} extra={hint} />;
}

export function EnterpriseFields({ previous }: { previous: Submission | null }) {
  const { locale, t } = useI18n();
  return (
    <>
      <TextItem name="companyName" rules={textRules('companyName', t, locale)} />
      <IdentityItem name="creditCode" type="enterprise" previous={previous} />
      <TextItem name="address" rules={textRules('address', t, locale)} />
      <TextItem name="contactName" rules={textRules('contactName', t, locale)} />
      <TextItem name="contactPhone" rules={phoneRules(t, locale)} />
      <UploadItem name="businessLicenceFileId" label="businessLicence" kind="business_licence" />
    </>
  );
}

export function PersonalFields({ previous }: { previous: Submission | null }) {
  const { locale, t } = useI18n();
  return (
    <>
      <TextItem name="realName" rules={textRules('realName', t, locale)} />
      <IdentityItem name="idNumber" type="personal" previous={previous} />
      <TextItem name="contactPhone" rules={phoneRules(t, locale)} />
      <UploadItem name="idFrontFileId" label="idFront" kind="id_front" />
      <UploadItem name="idBackFileId" label="idBack" kind="id_back" />
    </>
  );
}

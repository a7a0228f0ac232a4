import type { DeveloperType } from '@devplat/common';
import type { CertificationSubmit, CertificationView, Submission } from '../../api/types.js';
import { Alert, Button, Divider, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { toE164 } from '../../components/contact.js';
import { useRevalidateOnLocale } from '../../components/useRevalidateOnLocale.js';
import { ConsentItem } from './ConsentItem.js';
import { EnterpriseFields, PersonalFields } from './fields.js';
import { nationalPhone } from './format.js';
import { TypeChoice } from './TypeChoice.js';
import { useLeaveGuard } from '../layout/leaveGuard.js';

export interface Values {
  companyName?: string;
  creditCode?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  businessLicenceFileId?: string;
  realName?: string;
  idNumber?: string;
  idFrontFileId?: string;
  idBackFileId?: string;
  consent?: boolean;
}

/** The form starts from the current submission (files kept; the full number is typed again). */
function initialValues(previous: Submission | null): Values {
  if (!previous) return {};
  const f = previous.fields;
  const phone = f.contactPhone ? nationalPhone(f.contactPhone) : undefined;
  return previous.type === 'enterprise'
    ? {
        companyName: f.companyName,
        address: f.address,
        contactName: f.contactName,
        contactPhone: phone,
        businessLicenceFileId: previous.fileIds[0],
      }
    : {
        realName: f.realName,
        contactPhone: phone,
        idFrontFileId: previous.fileIds[0],
        idBackFileId: previous.fileIds[1],
      };
}

function toBody(type: DeveloperType, v: Values, consentVersion: string): CertificationSubmit {
  const contactPhone = toE164(v.contactPhone ?? '') ?? (v.contactPhone ?? '').trim();
  const trim = (value: string | undefined) => (value ?? '').trim();
  return type === 'enterprise'
    ? {
        type,
        companyName: trim(v.companyName),
        creditCode: trim(v.creditCode).toUpperCase(),
        address: trim(v.address),
        contactName: trim(v.contactName),
        contactPhone,
        businessLicenceFileId: v.businessLicenceFileId ?? '',
        consent: true,
        consentVersion,
      }
    : {
        type,
        realName: trim(v.realName),
        idNumber: trim(v.idNumber).toUpperCase(),
        contactPhone,
        idFrontFileId: v.idFrontFileId ?? '',
        idBackFileId: v.idBackFileId ?? '',
        consent: true,
        consentVersion,
      };
}

/** 信息登记: the developer type, its form, the consent, 提交. */
export function CertificationForm({
  view,
  onSubmitted,
  onCancel,
}: {
  view: CertificationView;
  onSubmitted: (view: CertificationView) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const previous = view.current;
  const [type, setType] = useState<DeveloperType>(previous?.type ?? 'enterprise');
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [edited, setEdited] = useState(false);
  useRevalidateOnLocale(form);
  // Leaving with edits asks first (until it is submitted).
  useLeaveGuard(edited && !submitting);

  const submit = async (values: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      onSubmitted(await api.submitCertification(toBody(type, values, view.consentVersion)));
    } catch (failure) {
      setError(failure);
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Text strong>{t('certification.type')}</Typography.Text>
      <TypeChoice value={type} onChange={setType} entitlements={view.entitlementsByType} />
      <Alert type="warning" showIcon title={t('certification.notice')} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues(previous)}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => setEdited(true)}
        style={{ maxWidth: 560 }}
        noValidate
      >
        <ErrorAlert error={error} testId="cert-error" />
        {type === 'enterprise' ? <EnterpriseFields previous={previous} /> : <PersonalFields previous={previous} />}
        <Divider />
        <ConsentItem version={view.consentVersion} />
        <Flex gap={12}>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="cert-submit">
            {t('common.submit')}
          </Button>
          {onCancel && (
            <Button
              onClick={() => {
                setEdited(false);
                onCancel();
              }}
              data-testid="cert-cancel"
            >
              {t('certification.cancel')}
            </Button>
          )}
        </Flex>
      </Form>
    </Flex>
  );
}

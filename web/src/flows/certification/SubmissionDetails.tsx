import type { UiKey } from '@devplat/common';
import type { Submission } from '../../api/types.js';
import { Descriptions, Flex, Typography, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatTime } from '../../components/format.js';
import { formatDate, nationalPhone } from './format.js';

const fieldOrder: Record<Submission['type'], string[]> = {
  enterprise: ['companyName', 'address', 'contactName', 'contactPhone'],
  personal: ['realName', 'contactPhone'],
};

/** The files of a submission, by kind: the licence, or the ID card's two sides. */
export function fileLabels(submission: Submission): UiKey[] {
  return submission.type === 'enterprise'
    ? ['certification.field.businessLicence']
    : ['certification.field.idFront', 'certification.field.idBack'];
}

/**
 * One submission's fields, always as text (names and addresses come from people). `identity`
 * replaces the masked number (the staff reveal), `files` renders the documents.
 */
export function SubmissionDetails({
  submission,
  identity,
  files,
  extra = [],
  testId,
}: {
  submission: Submission;
  identity?: ReactNode;
  files?: (id: string, label: string) => ReactNode;
  extra?: NonNullable<DescriptionsProps['items']>;
  testId?: string;
}) {
  const { locale, t } = useI18n();
  const identityLabel =
    submission.type === 'enterprise' ? 'certification.field.creditCode' : 'certification.field.idNumber';
  const items: NonNullable<DescriptionsProps['items']> = [
    { key: 'type', label: t('certification.type'), children: t(`certification.type.${submission.type}`) },
    ...fieldOrder[submission.type].map((name) => {
      const value = submission.fields[name] ?? '';
      return {
        key: name,
        label: t(`certification.field.${name}` as UiKey),
        children: (
          <Typography.Text data-testid={`field-${name}`}>
            {name === 'contactPhone' ? nationalPhone(value) : value}
          </Typography.Text>
        ),
      };
    }),
    {
      key: 'identity',
      label: t(identityLabel),
      children: identity ?? <Typography.Text data-testid="field-identity">{submission.identityMasked}</Typography.Text>,
    },
    { key: 'submittedAt', label: t('certification.submittedAt'), children: formatTime(submission.submittedAt, locale) },
    { key: 'deadline', label: t('certification.deadline'), children: formatDate(submission.deadline, locale) },
    ...extra,
  ];
  if (files) {
    const labels = fileLabels(submission);
    items.push({
      key: 'files',
      label: t('admin.files'),
      children: (
        <Flex gap={12} wrap>
          {submission.fileIds.map((id, i) => files(id, t(labels[i] ?? 'admin.files')))}
        </Flex>
      ),
    });
  }
  return <Descriptions size="small" column={1} bordered items={items} data-testid={testId} />;
}

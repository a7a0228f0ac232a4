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

/** A submitted file as staff see it: what it is, from the server (never guessed from its position). */
export interface SubmittedFile {
  id: string;
  kind: 'business_licence' | 'id_front' | 'id_back' | 'unknown';
  mime: string;
}

const fileLabel: Record<SubmittedFile['kind'], UiKey> = {
  business_licence: 'certification.field.businessLicence',
  id_front: 'certification.field.idFront',
  id_back: 'certification.field.idBack',
  unknown: 'admin.files',
};

/** The developer's own view has file ids only, in the order the form sent them. */
function ownFiles(submission: Submission): SubmittedFile[] {
  const kinds: SubmittedFile['kind'][] =
    submission.type === 'enterprise' ? ['business_licence'] : ['id_front', 'id_back'];
  return submission.fileIds.map((id, i) => ({ id, kind: kinds[i] ?? 'unknown', mime: '' }));
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
  submission: Submission & { files?: SubmittedFile[] };
  identity?: ReactNode;
  files?: (file: SubmittedFile, label: string) => ReactNode;
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
    items.push({
      key: 'files',
      label: t('admin.files'),
      children: (
        <Flex gap={12} wrap>
          {(submission.files ?? ownFiles(submission)).map((file) => files(file, t(fileLabel[file.kind])))}
        </Flex>
      ),
    });
  }
  return <Descriptions size="small" column={1} bordered items={items} data-testid={testId} />;
}

import { FileOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { staffFileUrl } from '../../api/upload.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { SubmittedFile } from '../certification/SubmissionDetails.js';

/** A submitted document for staff: images inline, anything else (PDF) as a link that downloads it. */
export function StaffFile({ file, label }: { file: SubmittedFile; label: string }) {
  const { t } = useI18n();
  const notImage = !file.mime.startsWith('image/');
  const url = staffFileUrl(file.id);
  return (
    <Flex vertical gap={4} align="flex-start">
      <Typography.Text type="secondary">{label}</Typography.Text>
      {notImage ? (
        <Typography.Link href={url} data-testid="detail-file-link">
          <FileOutlined /> {t('admin.file.open')}
        </Typography.Link>
      ) : (
        <a href={url} target="_blank" rel="noreferrer">
          <img
            src={url}
            alt={label}
            data-testid="detail-file"
            data-kind={file.kind}
            style={{ maxWidth: 320, maxHeight: 220, objectFit: 'contain', border: '1px solid #f0f0f0' }}
          />
        </a>
      )}
    </Flex>
  );
}

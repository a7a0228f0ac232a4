import { UploadOutlined } from '@ant-design/icons';
import { certificationLimits, errorMessage, type UploadKind } from '@devplat/common';
import { Button, Flex, Typography, Upload, type UploadProps } from 'antd';
import { useState } from 'react';
import { ownFileUrl, uploadCertificationFile } from '../../api/upload.js';
import { useErrorText } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';

interface Props {
  kind: UploadKind;
  /** The uploaded file's id (a Form.Item value). */
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** A refused or failed upload's message (null again on the next try); the form item shows it. */
  onError: (message: string | null) => void;
}

/** One certification document: posted at once to the uploads endpoint, then shown from the server's copy. */
export function FileUpload({ kind, value, onChange, onError: setError }: Props) {
  const { locale, t } = useI18n();
  const errorText = useErrorText();
  const [uploading, setUploading] = useState(false);
  const [notImage, setNotImage] = useState<string | null>(null);
  const licence = kind === 'business_licence';

  const customRequest: UploadProps['customRequest'] = (options) => {
    const file = options.file;
    if (typeof file === 'string') return;
    setError(null);
    if (file.size > certificationLimits.uploadBytes) {
      setError(errorMessage('upload.too_large', locale));
      return;
    }
    setUploading(true);
    uploadCertificationFile(kind, file).then(
      (uploaded) => {
        setUploading(false);
        setNotImage(uploaded.mime.startsWith('image/') ? null : uploaded.id);
        onChange?.(uploaded.id);
      },
      (failure: unknown) => {
        setUploading(false);
        setError(errorText(failure));
      },
    );
  };

  return (
    <Flex vertical gap={8} data-testid={`upload-${kind}`}>
      {value &&
        (notImage === value ? (
          <Typography.Link href={ownFileUrl(value)} target="_blank" data-testid={`preview-${kind}`}>
            {t('certification.upload.pdf')}
          </Typography.Link>
        ) : (
          <img
            src={ownFileUrl(value)}
            alt={t(
              `certification.field.${kind === 'business_licence' ? 'businessLicence' : kind === 'id_front' ? 'idFront' : 'idBack'}`,
            )}
            data-testid={`preview-${kind}`}
            onError={() => setNotImage(value)}
            style={{
              maxWidth: 240,
              maxHeight: 160,
              objectFit: 'contain',
              border: '1px solid #f0f0f0',
              borderRadius: 6,
            }}
          />
        ))}
      <Flex align="center" gap={12} wrap>
        <Upload
          accept={licence ? 'image/jpeg,image/png,application/pdf' : 'image/jpeg,image/png'}
          maxCount={1}
          showUploadList={false}
          customRequest={customRequest}
        >
          <Button icon={<UploadOutlined />} loading={uploading}>
            {t(value ? 'certification.upload.replace' : 'certification.upload')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">
          {t(licence ? 'certification.upload.hint.licence' : 'certification.upload.hint.image')}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

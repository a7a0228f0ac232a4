import { Alert, Button, Modal, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

/** Recovery codes just issued: the one moment the console knows them; dropped on close. */
export function RecoveryCodesModal({ codes, onClose }: { codes: string[] | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={codes !== null}
      title={t('sf.recovery.title')}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="recovery-codes-close">
          {t('sf.recovery.saved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('sf.recovery.hint')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: codes?.join('\n') ?? '' }}>
        <span data-testid="recovery-codes" style={{ fontFamily: 'monospace', whiteSpace: 'pre-line' }}>
          {codes?.join('\n')}
        </span>
      </Typography.Paragraph>
    </Modal>
  );
}

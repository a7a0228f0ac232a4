import { CopyOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

/** A key just created: the one moment its AppKey is known to the console. */
export interface Secret {
  kind: 'app' | 'key';
  appId: string;
  keyId: string;
  appKey: string;
}

/**
 * Shows AppID, KeyID and the AppKey once. The parent holds the secret in state and drops it in
 * `onClose`, so after closing nothing in the console knows the AppKey any more.
 */
export function SecretModal({ secret, onClose }: { secret: Secret | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('apps.secret.copied'));
    } catch {
      void message.error(t('apps.secret.copyFailed'));
    }
  };

  return (
    <Modal
      open={secret !== null}
      title={
        <Space>
          <KeyOutlined />
          {t(secret?.kind === 'key' ? 'apps.secret.title.key' : 'apps.secret.title.app')}
        </Space>
      }
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      width={640}
      footer={
        <Button type="primary" data-testid="secret-close" onClick={onClose}>
          {t('apps.secret.close')}
        </Button>
      }
    >
      {secret && (
        <div data-testid="secret-modal">
          <Alert type="warning" showIcon title={t('apps.secret.warning')} style={{ marginBottom: 16 }} />
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              { key: 'appId', label: 'AppID', children: <span data-testid="secret-app-id">{secret.appId}</span> },
              { key: 'keyId', label: 'KeyID', children: <span data-testid="secret-key-id">{secret.keyId}</span> },
              {
                key: 'appKey',
                label: 'AppKey',
                children: (
                  <Space wrap>
                    <Typography.Text code data-testid="secret-app-key" style={{ wordBreak: 'break-all' }}>
                      {secret.appKey}
                    </Typography.Text>
                    <Button
                      size="small"
                      icon={<CopyOutlined />}
                      data-testid="secret-copy"
                      onClick={() => void copy(secret.appKey)}
                    >
                      {t('apps.secret.copy')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, type ButtonProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { KeyInfo } from '../../api/types.js';
import { queries } from '../../api/queries.js';
import { appsApi } from './api.js';
import { formatTime } from './format.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { SecretModal, type Secret } from './SecretModal.js';

const MAX_ACTIVE = 5;
const confirmButton = (testId: string) => ({ 'data-testid': testId, danger: true }) as ButtonProps;

/** 密钥: KeyID, state, created, last used; add (AppKey shown once), disable/enable, delete. */
export function KeysCard({ appId }: { appId: string }) {
  const { locale, t } = useI18n();
  const { message } = App.useApp();
  const keys = useQuery(queries.keys(appId));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      void keys.refetch();
    }
  };

  const add = () =>
    run(async () => {
      const key = await appsApi.addKey(appId);
      setSecret({ kind: 'key', appId, keyId: key.keyId, appKey: key.appKey });
    });
  const change = (action: () => Promise<unknown>) =>
    run(async () => {
      await action();
      void message.success(t('keys.done'));
    });

  const active = keys.data?.keys.filter((k) => k.state === 'active').length ?? 0;
  return (
    <Card
      title={t('keys.title')}
      extra={
        <Tooltip title={active >= MAX_ACTIVE ? t('keys.limit') : undefined}>
          <Button icon={<PlusOutlined />} data-testid="keys-add" loading={busy} onClick={() => void add()}>
            {t('keys.add')}
          </Button>
        </Tooltip>
      }
    >
      <ErrorAlert error={error ?? keys.error} testId="keys-error" />
      <ScrollRegion label={t('keys.title')}>
        <Table<KeyInfo>
          data-testid="keys-table"
          rowKey="keyId"
          size="middle"
          loading={keys.isPending}
          dataSource={keys.data?.keys ?? []}
          pagination={false}
          onRow={(k) => ({ 'data-testid': `key-row-${k.keyId}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'keyId',
              title: t('keys.column.keyId'),
              render: (_, k) => <span data-testid="key-id">{k.keyId}</span>,
            },
            {
              key: 'state',
              title: t('keys.column.state'),
              render: (_, k) => (
                <Tag color={k.state === 'active' ? 'success' : 'default'} data-testid="key-state" data-state={k.state}>
                  {t(`keys.state.${k.state}`)}
                </Tag>
              ),
            },
            { key: 'createdAt', title: t('keys.column.createdAt'), render: (_, k) => formatTime(k.createdAt, locale) },
            {
              key: 'lastUsedAt',
              title: t('keys.column.lastUsedAt'),
              render: (_, k) => (k.lastUsedAt ? formatTime(k.lastUsedAt, locale) : t('keys.never')),
            },
            {
              key: 'actions',
              title: t('keys.column.actions'),
              render: (_, k) => (
                <Space>
                  {k.state === 'active' ? (
                    <Popconfirm
                      title={t('keys.disable.confirm', { keyId: k.keyId })}
                      okButtonProps={confirmButton('key-disable-confirm')}
                      onConfirm={() => change(() => appsApi.setKeyState(appId, k.keyId, 'disable'))}
                    >
                      <Button size="small" data-testid="key-disable">
                        {t('keys.disable')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      data-testid="key-enable"
                      onClick={() => void change(() => appsApi.setKeyState(appId, k.keyId, 'enable'))}
                    >
                      {t('keys.enable')}
                    </Button>
                  )}
                  <Popconfirm
                    title={t('keys.delete.confirm', { keyId: k.keyId })}
                    okButtonProps={confirmButton('key-delete-confirm')}
                    onConfirm={() => change(() => appsApi.removeKey(appId, k.keyId))}
                  >
                    <Button size="small" danger data-testid="key-delete">
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </ScrollRegion>
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}

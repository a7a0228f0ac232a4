import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { formatTime } from '../../components/format.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { DeletionItem } from '../account-deletion/DeletionItem.js';
import { ExportDataButton } from '../data-export/ExportDataButton.js';
import { secondFactorApi, type Passkey } from './api.js';
import { PasskeyDialog } from './PasskeyDialog.js';
import { PasswordConfirmDialog } from './PasswordConfirmDialog.js';
import { RecoveryCodesModal } from './RecoveryCodesModal.js';
import { TotpSetupDialog } from './TotpSetupDialog.js';

export const secondFactorsQuery = () => ({ queryKey: ['second-factors'], queryFn: secondFactorApi.status });

type Dialog = 'setup' | 'disable' | 'regenerate' | 'passkey' | null;

/** 个人中心 → 安全设置: two-factor authentication (TOTP), recovery codes, passkeys, export my data. */
export function SecuritySettingsCard({ onChanged }: { onChanged: () => void }) {
  const { locale, t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useQuery(secondFactorsQuery());
  const [dialog, setDialog] = useState<Dialog>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [actionError, setError] = useState<unknown>(null);
  const status = query.data;

  const changed = (done?: string) => {
    setDialog(null);
    if (done) void message.success(done);
    void queryClient.invalidateQueries({ queryKey: secondFactorsQuery().queryKey });
    onChanged();
  };

  const remove = async (passkey: Passkey) => {
    setError(null);
    try {
      await secondFactorApi.deletePasskey(passkey.id);
      changed(t('sf.passkeys.deleted'));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Card title={t('sf.title')} data-testid="security-settings" loading={query.isPending}>
      <ErrorAlert error={actionError ?? query.error} testId="security-settings-error" />
      {status && (
        <Descriptions column={1} bordered size="middle">
          <Descriptions.Item label={t('sf.totp')}>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <span>
                <Tag color={status.totp ? 'green' : 'default'} data-testid="totp-status">
                  {t(status.totp ? 'sf.totp.on' : 'sf.totp.off')}
                </Tag>
                <Typography.Text type="secondary">{t('sf.totp.hint')}</Typography.Text>
              </span>
              {status.totp ? (
                <Button danger onClick={() => setDialog('disable')} data-testid="totp-disable">
                  {t('sf.totp.disable')}
                </Button>
              ) : (
                <Button type="primary" onClick={() => setDialog('setup')} data-testid="totp-enable">
                  {t('sf.totp.enable')}
                </Button>
              )}
            </Flex>
          </Descriptions.Item>
          {status.totp && (
            <Descriptions.Item label={t('sf.recovery')}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <span data-testid="recovery-left">{t('sf.recovery.left', { count: status.recoveryCodesLeft })}</span>
                <Button onClick={() => setDialog('regenerate')} data-testid="recovery-regenerate">
                  {t('sf.recovery.regenerate')}
                </Button>
              </Flex>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('sf.passkeys')}>
            <Flex vertical gap={8}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Typography.Text type="secondary">{t('sf.passkeys.hint')}</Typography.Text>
                <Button onClick={() => setDialog('passkey')} data-testid="passkey-add">
                  {t('sf.passkeys.add')}
                </Button>
              </Flex>
              <Table<Passkey>
                data-testid="passkeys-table"
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={status.passkeys}
                locale={{ emptyText: t('sf.passkeys.empty') }}
                columns={[
                  {
                    key: 'name',
                    title: t('sf.passkeys.name'),
                    render: (_, p) => <span data-testid="passkey-name-cell">{p.name}</span>,
                  },
                  {
                    key: 'created',
                    title: t('sf.passkeys.createdAt'),
                    render: (_, p) => formatTime(p.createdAt, locale),
                  },
                  {
                    key: 'used',
                    title: t('sf.passkeys.lastUsedAt'),
                    render: (_, p) => (p.lastUsedAt ? formatTime(p.lastUsedAt, locale) : t('sf.passkeys.never')),
                  },
                  {
                    key: 'action',
                    title: '',
                    render: (_, p) => (
                      <Popconfirm
                        title={t('sf.passkeys.delete.confirm')}
                        onConfirm={() => remove(p)}
                        okButtonProps={{ 'data-testid': 'passkey-delete-confirm' } as ButtonProps}
                      >
                        <Button type="link" danger data-testid="passkey-delete">
                          {t('sf.passkeys.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]}
              />
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('deletion.title')}>
            <DeletionItem totp={status.totp} />
          </Descriptions.Item>
          <Descriptions.Item label={t('export.label')}>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Typography.Text type="secondary">{t('export.hint')}</Typography.Text>
              <ExportDataButton withCode={status.totp} onDone={onChanged} />
            </Flex>
          </Descriptions.Item>
        </Descriptions>
      )}
      <TotpSetupDialog
        open={dialog === 'setup'}
        onClose={() => setDialog(null)}
        onDone={(recoveryCodes) => {
          setCodes(recoveryCodes);
          changed(t('sf.totp.enabled'));
        }}
      />
      <PasswordConfirmDialog
        open={dialog === 'disable'}
        title="sf.totp.disable.title"
        hint="sf.totp.disable.hint"
        withCode
        testId="totp-disable-dialog"
        onClose={() => setDialog(null)}
        onConfirm={async ({ password, code }) => {
          await secondFactorApi.totpDisable(password, code);
          changed(t('sf.totp.disabled'));
        }}
      />
      <PasswordConfirmDialog
        open={dialog === 'regenerate'}
        title="sf.recovery.regenerate.title"
        hint="sf.recovery.regenerate.hint"
        withCode={false}
        testId="recovery-dialog"
        onClose={() => setDialog(null)}
        onConfirm={async ({ password }) => {
          const { recoveryCodes } = await secondFactorApi.regenerateRecoveryCodes(password);
          setCodes(recoveryCodes);
          changed();
        }}
      />
      <PasskeyDialog
        open={dialog === 'passkey'}
        onClose={() => setDialog(null)}
        onDone={() => changed(t('sf.passkeys.added'))}
      />
      <RecoveryCodesModal codes={codes} onClose={() => setCodes(null)} />
    </Card>
  );
}

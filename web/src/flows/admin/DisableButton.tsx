import { Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/I18nProvider.js';

/** Admins only: 禁用账号 ends every session of the developer. */
export function DisableButton({
  accountId,
  onDone,
  onFailed,
}: {
  accountId: string;
  onDone: () => void;
  onFailed: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const disable = async () => {
    setBusy(true);
    try {
      await api.disableAccount(accountId);
      onDone();
    } catch (failure) {
      onFailed(failure);
    }
    setBusy(false);
  };
  return (
    <Popconfirm title={t('admin.disable.confirm')} onConfirm={() => void disable()} okText={t('common.confirm')}>
      <Button danger type="dashed" loading={busy} data-testid="disable-button">
        {t('admin.disable')}
      </Button>
    </Popconfirm>
  );
}

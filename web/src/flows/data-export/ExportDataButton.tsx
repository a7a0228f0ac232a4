import { App, Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { PasswordConfirmDialog } from '../second-factor/PasswordConfirmDialog.js';
import { dataExportApi } from './api.js';

/**
 * 个人中心 → 安全设置 → 导出个人数据 (PIPL Art. 45): the password (and a one-time password when
 * two-factor is on) for a download ticket, then the browser downloads the zip.
 */
export function ExportDataButton({ withCode, onDone }: { withCode: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="export-data">
        {t('export.button')}
      </Button>
      <PasswordConfirmDialog
        open={open}
        title="export.title"
        hint={withCode ? 'export.dialog.hintTotp' : 'export.dialog.hint'}
        withCode={withCode}
        testId="export-dialog"
        onClose={() => setOpen(false)}
        onConfirm={async ({ password, code }) => {
          const { ticket } = await dataExportApi.start(password, withCode ? code : undefined);
          dataExportApi.download(ticket);
          setOpen(false);
          void message.success(t('export.started'));
          onDone();
        }}
      />
    </>
  );
}

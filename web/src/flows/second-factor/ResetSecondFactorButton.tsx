import { Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FormDialog, useSave } from '../layout/FormDialog.js';
import { secondFactorApi } from './api.js';

/** Admins: 重置两步验证, only when the identity entered matches the approved certification. */
export function ResetSecondFactorButton({ accountId, onDone }: { accountId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { error, saving, save, clearError } = useSave();
  const submit = ({ identity }: { identity: string }) =>
    save(async () => {
      await secondFactorApi.adminReset(accountId, identity.trim());
      setOpen(false);
      onDone();
    });
  return (
    <>
      <Button
        type="dashed"
        onClick={() => setOpen(true)}
        data-testid="sf-reset-button"
        style={{ marginInlineStart: 8 }}
      >
        {t('admin.sfReset')}
      </Button>
      <FormDialog title={t('admin.sfReset')} open={open} onClose={() => setOpen(false)} onHidden={clearError}>
        <Form layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
          <ErrorAlert error={error} testId="sf-reset-error" />
          <Typography.Paragraph type="secondary">{t('admin.sfReset.hint')}</Typography.Paragraph>
          <Form.Item
            name="identity"
            label={t('admin.sfReset.identity')}
            rules={[{ required: true, whitespace: true, message: t('admin.sfReset.identity.required') }]}
          >
            <Input autoComplete="off" maxLength={64} data-testid="sf-reset-identity" />
          </Form.Item>
          <Button type="primary" danger htmlType="submit" block loading={saving} data-testid="sf-reset-submit">
            {t('admin.sfReset')}
          </Button>
        </Form>
      </FormDialog>
    </>
  );
}

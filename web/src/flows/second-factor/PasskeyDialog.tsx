import { Button, Form, Input } from 'antd';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FormDialog, useSave } from '../layout/FormDialog.js';
import { secondFactorApi } from './api.js';

/** 添加通行密钥: a name, then the browser's own passkey prompt. */
export function PasskeyDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { error, saving, save, clearError } = useSave();
  const submit = ({ name }: { name: string }) =>
    save(async () => {
      await secondFactorApi.addPasskey(name.trim());
      onDone();
    });
  return (
    <FormDialog title={t('sf.passkeys.add')} open={open} onClose={onClose} onHidden={clearError}>
      <Form layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
        <ErrorAlert error={error} testId="passkey-add-error" />
        <Form.Item
          name="name"
          label={t('sf.passkeys.name')}
          rules={[{ required: true, whitespace: true, message: t('sf.passkeys.name.required') }]}
        >
          <Input maxLength={64} placeholder={t('sf.passkeys.name.placeholder')} data-testid="passkey-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={saving} data-testid="passkey-add-submit">
          {t('sf.passkeys.add')}
        </Button>
      </Form>
    </FormDialog>
  );
}

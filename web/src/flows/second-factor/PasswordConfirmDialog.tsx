import { Button, Form, Input, Typography } from 'antd';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import type { UiKey } from '@devplat/common';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FormDialog, useSave } from '../layout/FormDialog.js';
import { TotpCodeItem } from './TotpCodeItem.js';

export interface PasswordProof {
  password: string;
  code: string;
}

/**
 * A change that asks for the current password (and, with `withCode`, a current one-time
 * password): turning TOTP off, regenerating recovery codes.
 */
export function PasswordConfirmDialog({
  open,
  title,
  hint,
  withCode,
  testId,
  onClose,
  onConfirm,
}: {
  open: boolean;
  title: UiKey;
  hint: UiKey;
  withCode: boolean;
  testId: string;
  onClose: () => void;
  onConfirm: (proof: PasswordProof) => Promise<void>;
}) {
  const { t } = useI18n();
  const { error, saving, save, clearError } = useSave();
  const submit = (values: { password: string; code?: string }) =>
    save(() => onConfirm({ password: values.password, code: values.code?.trim() ?? '' }));
  return (
    <FormDialog title={t(title)} open={open} onClose={onClose} onHidden={clearError}>
      <Form layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
        <ErrorAlert error={error} testId={`${testId}-error`} />
        <Typography.Paragraph type="secondary">{t(hint)}</Typography.Paragraph>
        <Form.Item
          name="password"
          label={t('sf.password')}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid={`${testId}-password`} />
        </Form.Item>
        {withCode && <TotpCodeItem testId={`${testId}-code`} />}
        <Button type="primary" htmlType="submit" block loading={saving} data-testid={`${testId}-submit`}>
          {t('sf.submit')}
        </Button>
      </Form>
    </FormDialog>
  );
}

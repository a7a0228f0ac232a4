import { Button, Flex, Form, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { TotpQr } from '../../components/TotpQr.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FormDialog, useSave } from '../layout/FormDialog.js';
import { secondFactorApi, type TotpSecret } from './api.js';
import { TotpCodeItem } from './TotpCodeItem.js';

/** 开启两步验证: a new secret as a QR code (and the key by hand), confirmed by a first code. */
export function TotpSetupDialog({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (recoveryCodes: string[]) => void;
}) {
  const { t } = useI18n();
  const [secret, setSecret] = useState<TotpSecret | null>(null);
  const { error, saving, save, clearError } = useSave();

  useEffect(() => {
    if (open && !secret) void save(async () => setSecret(await secondFactorApi.totpSetup()));
  }, [open, secret, save]);

  const submit = ({ code }: { code: string }) =>
    save(async () => {
      const { recoveryCodes } = await secondFactorApi.totpConfirm(code.trim());
      onDone(recoveryCodes);
    });

  return (
    <FormDialog
      title={t('sf.totp.setup.title')}
      open={open}
      onClose={onClose}
      onHidden={() => {
        setSecret(null);
        clearError();
      }}
    >
      <ErrorAlert error={error} testId="totp-setup-error" />
      <Typography.Paragraph type="secondary">{t('sf.totp.setup.scan')}</Typography.Paragraph>
      {secret ? (
        <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
          <TotpQr url={secret.otpauthUrl} label={t('sf.totp.qr')} testId="totp-qr" size={200} />
          <Typography.Text code copyable data-testid="totp-secret">
            {secret.secret}
          </Typography.Text>
        </Flex>
      ) : (
        <Flex justify="center" style={{ marginBottom: 16 }}>
          <Spin />
        </Flex>
      )}
      <Form layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
        <TotpCodeItem testId="totp-setup-code" />
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={saving}
          disabled={!secret}
          data-testid="totp-setup-submit"
        >
          {t('sf.totp.confirm')}
        </Button>
      </Form>
    </FormDialog>
  );
}

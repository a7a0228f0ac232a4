import { Button, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import type { Me } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useSave } from '../layout/FormDialog.js';
import { pendingDeletionOf, type PendingDeletion } from '../account-deletion/api.js';
import { secondFactorApi, type PendingLogin } from '../second-factor/api.js';
import { TotpCodeItem } from '../second-factor/TotpCodeItem.js';
import { ActionLink, Paragraph } from '../../components/text.js';

/** After the right password: the one-time password, a recovery code or a passkey; then the session. */
export function SecondFactorStep({
  pending,
  onDone,
  onBack,
  onPendingDeletion,
}: {
  pending: PendingLogin;
  onDone: (me: Me) => void;
  onBack: () => void;
  /** Every factor passed, but the account is pending deletion: the log-in page offers the cancel. */
  onPendingDeletion: (pending: PendingDeletion) => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'totp' | 'recovery'>('totp');
  const { error, saving, save } = useSave();
  const passkey = pending.methods.includes('passkey');

  /** The session, or the pending-deletion state; any other failure is shown here. */
  const finish = async (step: () => Promise<Me>) => {
    try {
      onDone(await step());
    } catch (failure) {
      const deletion = pendingDeletionOf(failure);
      if (!deletion) throw failure;
      onPendingDeletion(deletion);
    }
  };

  const submit = (values: { code?: string; recoveryCode?: string }) =>
    save(() =>
      finish(() =>
        secondFactorApi.secondStep(
          pending.pendingToken,
          mode === 'totp' ? { code: values.code?.trim() } : { recoveryCode: values.recoveryCode?.trim() },
        ),
      ),
    );

  return (
    <>
      <ErrorAlert error={error} testId="second-factor-error" />
      <Paragraph type="secondary">{t(mode === 'totp' ? 'login.second.totp' : 'login.second.recovery')}</Paragraph>
      <Form key={mode} layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
        {mode === 'totp' ? (
          <TotpCodeItem testId="second-factor-code" autoFocus />
        ) : (
          <Form.Item
            name="recoveryCode"
            label={t('login.second.recoveryCode')}
            rules={[{ required: true, whitespace: true, message: t('login.second.recoveryCode.required') }]}
          >
            <Input data-testid="second-factor-recovery" autoComplete="off" autoFocus />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={saving} data-testid="second-factor-submit">
          {t('mfa.submit')}
        </Button>
      </Form>
      {passkey && (
        <Button
          block
          style={{ marginTop: 12 }}
          disabled={saving}
          data-testid="second-factor-passkey"
          onClick={() => void save(() => finish(() => secondFactorApi.secondStepPasskey(pending.pendingToken)))}
        >
          {t('login.second.usePasskey')}
        </Button>
      )}
      <Flex justify="space-between" style={{ marginTop: 16 }}>
        <ActionLink onClick={() => setMode(mode === 'totp' ? 'recovery' : 'totp')} data-testid="second-factor-switch">
          {t(mode === 'totp' ? 'login.second.useRecovery' : 'login.second.useTotp')}
        </ActionLink>
        <ActionLink onClick={onBack}>{t('login.second.back')}</ActionLink>
      </Flex>
    </>
  );
}

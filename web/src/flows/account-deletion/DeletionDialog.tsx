import { ACCOUNT_DELETION, maskContact } from '@devplat/common';
import { Alert, Button, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { retryAfterOf } from '../../api/client.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { CodeItem } from '../../components/CodeItem.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FormDialog, useSave } from '../layout/FormDialog.js';
import { useMe } from '../layout/session.js';
import { deletionApi } from './api.js';

/** The cooling-off the server applies (DELETION_COOLING_OFF_DAYS): shown in the warnings. */
export const COOLING_OFF_DAYS = ACCOUNT_DELETION.coolingOffDays;

interface Values {
  username: string;
  password: string;
  secondFactor?: string;
  code: string;
}

/**
 * 注销账号: every factor the server asks for in one form — the username typed exactly, the
 * password, the one-time password or a recovery code (with two-step verification on), and a code
 * sent to one of the account's own contacts.
 */
export function DeletionDialog({
  open,
  totp,
  onClose,
  onDone,
}: {
  open: boolean;
  totp: boolean;
  onClose: () => void;
  onDone: (eraseAfter: string) => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const { error, saving, save, clearError } = useSave();
  const [sendError, setSendError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const both = me.phone !== null && me.email !== null;
  const [channel, setChannel] = useState<'sms' | 'email'>(me.phone ? 'sms' : 'email');

  const sendCode = async (): Promise<number | null> => {
    clearError();
    setSendError(null);
    try {
      const sent = await deletionApi.sendCode(channel);
      setSentTo(sent.sentTo);
      return sent.resendAfterSeconds;
    } catch (failure) {
      setSendError(failure);
      return retryAfterOf(failure);
    }
  };

  const submit = (values: Values) => {
    setSendError(null);
    return save(async () => {
      const proof = values.secondFactor?.trim() ?? '';
      const { eraseAfter } = await deletionApi.request({
        username: values.username,
        password: values.password,
        code: values.code.trim(),
        channel,
        ...(totp ? (/^\d{6}$/.test(proof) ? { totpCode: proof } : { recoveryCode: proof }) : {}),
      });
      onDone(eraseAfter);
    });
  };

  const target = channel === 'sms' ? me.phone : me.email;
  return (
    <FormDialog
      title={t('deletion.dialog.title')}
      open={open}
      onClose={onClose}
      onHidden={() => {
        clearError();
        setSendError(null);
        setSentTo(null);
      }}
    >
      <Form<Values> layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('deletion.dialog.warning', { days: COOLING_OFF_DAYS })}
        />
        <ErrorAlert error={error ?? sendError} testId="deletion-error" />
        <Form.Item
          name="username"
          label={t('deletion.username', { username: me.username })}
          rules={[
            { required: true, message: t('deletion.username.mismatch') },
            {
              validator: async (_, v) => (v === me.username ? undefined : Promise.reject(new Error())),
              message: t('deletion.username.mismatch'),
            },
          ]}
        >
          <Input autoComplete="off" data-testid="deletion-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('deletion.password')}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="deletion-password" />
        </Form.Item>
        {totp && (
          <Form.Item
            name="secondFactor"
            label={t('deletion.totp')}
            extra={t('deletion.totp.hint')}
            rules={[{ required: true, whitespace: true, message: t('deletion.totp.hint') }]}
          >
            <Input autoComplete="one-time-code" data-testid="deletion-second-factor" />
          </Form.Item>
        )}
        {both && (
          <Form.Item label={t('deletion.code.channel')}>
            <Radio.Group
              value={channel}
              onChange={(e) => setChannel(e.target.value as 'sms' | 'email')}
              data-testid="deletion-channel"
            >
              <Radio value="sms">{t('deletion.code.sms')}</Radio>
              <Radio value="email">{t('deletion.code.email')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        <Typography.Paragraph type="secondary" data-testid="deletion-code-target">
          {sentTo ? t('deletion.code.sent', { to: sentTo }) : target ? maskContact(target) : ''}
        </Typography.Paragraph>
        <CodeItem onSend={sendCode} channel={channel} inputTestId="deletion-code" buttonTestId="deletion-send-code" />
        <Button danger type="primary" htmlType="submit" block loading={saving} data-testid="deletion-submit">
          {t('deletion.submit')}
        </Button>
      </Form>
    </FormDialog>
  );
}

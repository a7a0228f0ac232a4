import { Button, Collapse, Flex, Form, Input, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import type { TotpSetup } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { AuthShell } from '../layout/AuthShell.js';
import { useMe, useSetMe } from '../layout/session.js';
import { StaffPasskeyButton } from '../second-factor/StaffPasskeyButton.js';
import { groupedSecret, TotpQr } from '../../components/TotpQr.js';

/** Staff second factor: set up the authenticator the first time (secret + otpauth link), then the 6-digit code. */
export function MfaPage() {
  const { locale, t } = useI18n();
  const me = useMe();
  const setMe = useSetMe();
  const navigate = useNavigate();
  const mode = me.mfa ?? 'verify';
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  // One call per visit (the server hands out the same unconfirmed secret again anyway).
  const asked = useRef(false);

  useEffect(() => {
    if (mode !== 'setup' || asked.current) return;
    asked.current = true;
    api.totpSetup().then(setSetup, setError);
  }, [mode, locale]);

  const verified = () => {
    setMe({ ...me, mfa: undefined });
    navigate('/admin', { replace: true });
  };

  /** Issue 14: the operator-printed first password is replaced before the authenticator is set up. */
  const replacePassword = async (body: { currentPassword: string; newPassword: string }) => {
    setError(null);
    setSubmitting(true);
    try {
      await api.firstPassword(body);
      setMe({ ...me, mfa: 'setup' });
    } catch (failure) {
      setError(failure);
    }
    setSubmitting(false);
  };

  if (mode === 'password') {
    return (
      <AuthShell title={t('mfa.title.password')}>
        <ErrorAlert error={error} testId="mfa-error" />
        <Typography.Paragraph type="secondary">{t('mfa.password.hint')}</Typography.Paragraph>
        <Form<{ currentPassword: string; newPassword: string }>
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void replacePassword(v)}
          noValidate
        >
          <Form.Item name="currentPassword" label={t('password.change.step.current')} rules={[{ required: true }]}>
            <Input.Password data-testid="first-password-current" autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.change.step.new')} rules={[{ required: true }]}>
            <Input.Password data-testid="first-password-new" autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="first-password-submit">
            {t('mfa.submit')}
          </Button>
        </Form>
      </AuthShell>
    );
  }

  const verify = async ({ code }: { code: string }) => {
    setError(null);
    setSubmitting(true);
    try {
      await api.totpVerify(code.trim());
      verified();
    } catch (failure) {
      setError(failure);
      setSubmitting(false);
    }
  };

  return (
    <AuthShell title={t(mode === 'setup' ? 'mfa.title.setup' : 'mfa.title.verify')}>
      <ErrorAlert error={error} testId="mfa-error" />
      {mode === 'setup' && (
        <>
          <Typography.Paragraph type="secondary">{t('mfa.setup.hint')}</Typography.Paragraph>
          {setup ? (
            <Flex vertical align="center" gap={12} style={{ marginBottom: 16 }}>
              <TotpQr url={setup.otpauthUrl} label={t('mfa.qr')} testId="mfa-qr" />
              <Typography.Text type="secondary">{t('mfa.qr.fallback')}</Typography.Text>
              <Typography.Text
                code
                copyable={{ text: setup.secret }}
                data-testid="mfa-secret"
                data-secret={setup.secret}
                style={{ fontSize: 16, letterSpacing: 1 }}
              >
                {groupedSecret(setup.secret)}
              </Typography.Text>
              <Collapse
                size="small"
                style={{ width: '100%' }}
                items={[
                  {
                    key: 'url',
                    label: t('mfa.url'),
                    forceRender: true,
                    children: (
                      <Typography.Text copyable style={{ wordBreak: 'break-all' }} data-testid="mfa-url">
                        {setup.otpauthUrl}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </Flex>
          ) : (
            !error && <Spin style={{ display: 'block', marginBottom: 16 }} />
          )}
        </>
      )}
      {mode === 'verify' && <Typography.Paragraph type="secondary">{t('mfa.verify.hint')}</Typography.Paragraph>}
      <Form<{ code: string }> layout="vertical" requiredMark={false} onFinish={(v) => void verify(v)} noValidate>
        <Form.Item
          name="code"
          label={t('mfa.code')}
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('mfa.code.format') }]}
        >
          <Input data-testid="mfa-code-input" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={submitting}
          disabled={mode === 'setup' && !setup}
          data-testid="mfa-submit"
        >
          {t('mfa.submit')}
        </Button>
      </Form>
      {mode === 'verify' && <StaffPasskeyButton onError={setError} onDone={() => verified()} />}
    </AuthShell>
  );
}

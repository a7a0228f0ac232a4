import { KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, theme } from 'antd';
import { Suspense, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { AuthShell } from '../layout/AuthShell.js';
import { homeOf, useForgetSession } from '../layout/session.js';
import { normalizeIdentifier } from '../../components/contact.js';
import { useRevalidateOnLocale } from '../../components/useRevalidateOnLocale.js';
import type { Me } from '../../api/types.js';
import { secondFactorApi, type PendingLogin } from '../second-factor/api.js';
import { pendingDeletionOf, type PendingDeletion } from '../account-deletion/api.js';
import { formatTime } from '../../components/format.js';
import { errorCodeOf, retryAfterOf } from '../../api/client.js';
import { ThrottledAlert } from './ThrottledAlert.js';
import { useChallenge } from '../../components/useChallenge.js';
import { SmsOffNotice } from '../../components/SmsOffNotice.js';
import { lazyNamed } from '../../components/lazyNamed.js';
import { Text } from '../../components/text.js';

// The steps after the password load only when a log-in needs them: the page someone types into
// stays small (web/bundle-budget.json).
const SecondFactorStep = lazyNamed(() => import('./SecondFactorStep.js'), 'SecondFactorStep');
const PendingDeletionStep = lazyNamed(
  () => import('../account-deletion/PendingDeletionStep.js'),
  'PendingDeletionStep',
);

interface Values {
  identifier: string;
  password: string;
}

/**
 * Phone or email + password → App management (one generic error for every failure, a countdown
 * while throttled); with
 * two-factor on, the second step follows. Or 使用通行密钥登录: a passkey alone.
 */
export function LoginPage() {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const forgetSession = useForgetSession();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  // Each try restarts the throttled countdown, even when it says the same number again.
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<PendingLogin | null>(null);
  // The right password (and second factor) of an account pending deletion: offer the cancel.
  const [deletion, setDeletion] = useState<PendingDeletion | null>(null);
  // Over the per-IP failure cap the server asks for a proof-of-work (challenge.required): from
  // then on the widget solves one for each try.
  const [challengeAsked, setChallengeAsked] = useState(false);
  const challenge = useChallenge(challengeAsked);
  useRevalidateOnLocale(form);
  const { notice, identifier, eraseAfter } =
    (useLocation().state as { notice?: string; identifier?: string; eraseAfter?: string } | null) ?? {};

  const submit = async (values: Values) => {
    setError(null);
    setAttempt((n) => n + 1);
    setSubmitting(true);
    try {
      const answer = await api.logIn(
        await normalizeIdentifier(values.identifier),
        values.password,
        await challenge.take(),
      );
      if ('pendingToken' in answer) {
        setPending(answer);
        setSubmitting(false);
      } else enter(answer);
    } catch (failure) {
      if (errorCodeOf(failure)?.startsWith('challenge.')) setChallengeAsked(true);
      const pendingDeletion = pendingDeletionOf(failure);
      if (pendingDeletion) setDeletion(pendingDeletion);
      else setError(failure);
      setSubmitting(false);
    }
  };

  const enter = (me: Me) => {
    forgetSession();
    navigate(homeOf(me), { replace: true });
  };

  const passkeyLogIn = async () => {
    setError(null);
    setSubmitting(true);
    try {
      enter(await secondFactorApi.logInWithPasskey());
    } catch (failure) {
      const pendingDeletion = pendingDeletionOf(failure);
      if (pendingDeletion) setDeletion(pendingDeletion);
      else setError(failure);
      setSubmitting(false);
    }
  };

  if (deletion) {
    return (
      <AuthShell title={t('deletion.pending.title')}>
        <Suspense>
          <PendingDeletionStep
            pending={deletion}
            onCancelled={enter}
            onBack={() => {
              setDeletion(null);
              setPending(null);
            }}
          />
        </Suspense>
      </AuthShell>
    );
  }

  if (pending) {
    return (
      <AuthShell title={t('login.second.title')}>
        <Suspense>
          <SecondFactorStep
            pending={pending}
            onDone={enter}
            onBack={() => setPending(null)}
            onPendingDeletion={setDeletion}
          />
        </Suspense>
      </AuthShell>
    );
  }

  return (
    <AuthShell title={t('login.title')}>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        noValidate
        initialValues={identifier ? { identifier } : undefined}
      >
        {notice === 'passwordReset' && !error && (
          <Alert
            type="success"
            showIcon
            title={<span data-testid="login-notice">{t('forgot.done')}</span>}
            style={{ marginBottom: 16 }}
          />
        )}
        {notice === 'deletionRequested' && eraseAfter && !error && (
          <Alert
            type="warning"
            showIcon
            title={<span data-testid="deletion-requested">{t('deletion.done.title')}</span>}
            description={t('deletion.done', { date: formatTime(eraseAfter, locale) })}
            style={{ marginBottom: 16 }}
          />
        )}
        {/* Throttled (auth.throttled): the seconds left, counting down, and the reset link. */}
        {errorCodeOf(error) === 'auth.throttled' && retryAfterOf(error) !== null ? (
          <ThrottledAlert key={attempt} seconds={retryAfterOf(error)!} />
        ) : (
          <ErrorAlert error={error} testId="login-error" />
        )}
        {challenge.widget}
        <SmsOffNotice phrase="sms.off.login" />
        <Form.Item
          name="identifier"
          label={t('login.identifier')}
          rules={[{ required: true, whitespace: true, message: t('login.identifier.required') }]}
        >
          <Input
            data-testid="login-identifier-input"
            autoComplete="username"
            placeholder={t('login.identifier.placeholder')}
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('password.label')}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password data-testid="login-password-input" autoComplete="current-password" />
        </Form.Item>
        <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={submitting}>
          {t('login.submit')}
        </Button>
      </Form>
      <div
        role="separator"
        style={{ borderTop: `${token.lineWidth}px solid ${token.colorSplit}`, margin: '16px 0 12px' }}
      />
      <Button
        block
        icon={<KeyOutlined />}
        disabled={submitting}
        onClick={() => void passkeyLogIn()}
        data-testid="login-passkey"
      >
        {t('login.passkey')}
      </Button>
      {/* As in the guide: 忘记密码 at the bottom left of the form. */}
      <Flex justify="space-between" align="center" wrap style={{ marginTop: 16 }}>
        <Link to="/forgot-password" data-testid="forgot-password-link">
          {t('login.forgot')}
        </Link>
        <Text>
          {t('login.noAccount')}{' '}
          <Link to="/register" data-testid="to-register-link">
            {t('login.toRegister')}
          </Link>
        </Text>
      </Flex>
    </AuthShell>
  );
}

import { App, Button, Form, Input, Modal, Steps } from 'antd';
import { useState } from 'react';
import { errorCodeOf } from '../../api/client.js';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useMe } from '../layout/session.js';
import { NewPasswordItem } from '../../components/NewPasswordItem.js';

/**
 * 更改密码, as in the guide: 输入原始密码 → 下一步 → 设置新密码 → 提交. Both go in the one final
 * request; a wrong current password brings back step 1 with the server's message.
 */
export function PasswordDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [current, setCurrent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const reset = () => {
    setCurrent(null);
    setError(null);
  };

  const submit = async (newPassword: string) => {
    if (current === null) return;
    setError(null);
    setSaving(true);
    try {
      const { otherSessionsEnded } = await api.changePassword(current, newPassword);
      // Name the other devices only when some were logged out.
      void message.success(
        otherSessionsEnded > 0 ? t('password.changed', { count: otherSessionsEnded }) : t('password.changed.none'),
      );
      onDone();
    } catch (failure) {
      if (errorCodeOf(failure) === 'password.current_incorrect') setCurrent(null);
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('password.change.title')}
      open={open}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      afterOpenChange={(visible) => !visible && reset()}
    >
      <Steps
        size="small"
        current={current === null ? 0 : 1}
        style={{ marginBottom: 24 }}
        items={[{ title: t('password.change.step.current') }, { title: t('password.change.step.new') }]}
      />
      <ErrorAlert error={error} testId="password-dialog-error" />
      {current === null ? (
        <Form
          key="current"
          layout="vertical"
          requiredMark={false}
          noValidate
          onFinish={({ currentPassword }: { currentPassword: string }) => {
            setError(null);
            setCurrent(currentPassword);
          }}
        >
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('password.current.required') }]}
          >
            <Input.Password data-testid="current-password-input" autoComplete="current-password" />
          </Form.Item>
          <Button data-testid="password-next" type="primary" htmlType="submit" block>
            {t('common.next')}
          </Button>
        </Form>
      ) : (
        <Form
          key="new"
          layout="vertical"
          requiredMark={false}
          noValidate
          onFinish={({ newPassword }: { newPassword: string }) => void submit(newPassword)}
        >
          <NewPasswordItem
            name="newPassword"
            label={t('password.new')}
            context={{ phone: me.phone, email: me.email, username: me.username }}
            testId="new-password-input"
          />
          <Button data-testid="password-submit" type="primary" htmlType="submit" block loading={saving}>
            {t('common.submit')}
          </Button>
        </Form>
      )}
    </Modal>
  );
}

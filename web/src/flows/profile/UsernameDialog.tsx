import { FIELD_LIMITS, isValidUsername } from '@devplat/common';
import { App, Button, Form, Input } from 'antd';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FormDialog, useSave } from '../layout/FormDialog.js';
import { useMe, useSetMe } from '../layout/session.js';

/** 修改用户名: the shared rule inline (stated once, in the hint), uniqueness from the server. */
export function UsernameDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const setMe = useSetMe();
  const { error, saving, save, clearError } = useSave();

  const submit = ({ username }: { username: string }) =>
    save(async () => {
      setMe(await api.setUsername(username.trim()));
      void message.success(t('username.changed'));
      onDone();
    });

  return (
    <FormDialog title={t('username.title')} open={open} onClose={onClose} onHidden={clearError}>
      <Form layout="vertical" requiredMark={false} noValidate onFinish={(v) => void submit(v)}>
        <ErrorAlert error={error} testId="username-error" />
        <Form.Item
          name="username"
          label={t('personal.username')}
          initialValue={me.username}
          extra={t('username.hint')}
          rules={[
            { required: true, whitespace: true, message: t('username.required') },
            {
              validator: async (_rule, value: unknown) => {
                if (typeof value === 'string' && value.trim() && !isValidUsername(value))
                  throw new Error(t('username.format'));
              },
            },
          ]}
        >
          <Input data-testid="username-input" maxLength={FIELD_LIMITS.username.max} autoComplete="username" />
        </Form.Item>
        <Button data-testid="username-submit" type="primary" htmlType="submit" block loading={saving}>
          {t('common.submit')}
        </Button>
      </Form>
    </FormDialog>
  );
}

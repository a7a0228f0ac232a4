import { maskEmail, maskPhone } from '@devplat/common';
import { Button, Card, Flex, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ContactKind } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useMe } from '../layout/session.js';
import { ContactDialog } from '../contact-change/ContactDialog.js';
import { PasswordDialog } from '../password-change/PasswordDialog.js';
import { UsernameDialog } from './UsernameDialog.js';
import { useSmsAvailable } from '../../components/useSmsAvailable.js';

type Dialog = 'username' | 'password' | ContactKind | null;

function Row({ label, value, action }: { label: string; value: ReactNode; action: ReactNode }) {
  return (
    <Flex align="center" gap={16} style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Typography.Text type="secondary" style={{ width: 96, flexShrink: 0 }}>
        {label}
      </Typography.Text>
      <div style={{ flex: 1, minWidth: 0 }}>{value}</div>
      {action}
    </Flex>
  );
}

/** 账号信息: 用户名, 手机号, 邮箱, 密码, each with 修改 (or 绑定 while empty). */
export function AccountCard({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const sms = useSmsAvailable();
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const done = () => {
    setDialog(null);
    onChanged();
  };

  const action = (which: Exclude<Dialog, null>, bound = true) => (
    <Button type="link" data-testid={`edit-${which}`} onClick={() => setDialog(which)} style={{ paddingInline: 0 }}>
      {t(bound ? 'personal.edit' : 'personal.bind')}
    </Button>
  );
  const contact = (kind: ContactKind) => {
    const value = me[kind];
    // Without SMS no code can reach a phone: binding or changing one is off, and the row says why.
    const off = kind === 'phone' && !sms;
    return (
      <Row
        label={t(kind === 'phone' ? 'personal.phone' : 'personal.email')}
        value={
          <Typography.Text data-testid={`account-${kind}`} type={value ? undefined : 'secondary'}>
            {value ? (kind === 'phone' ? maskPhone(value) : maskEmail(value)) : t('personal.notBound')}
          </Typography.Text>
        }
        action={
          off ? (
            <Typography.Text type="secondary" data-testid="sms-off-notice">
              {t('sms.off.contact')}
            </Typography.Text>
          ) : (
            action(kind, value !== null)
          )
        }
      />
    );
  };

  return (
    <Card title={t('personal.account')}>
      <Row
        label={t('personal.username')}
        value={<Typography.Text data-testid="account-username">{me.username}</Typography.Text>}
        action={action('username')}
      />
      {contact('phone')}
      {contact('email')}
      <Row
        label={t('password.label')}
        value={<Typography.Text data-testid="account-password">••••••••</Typography.Text>}
        action={action('password')}
      />
      <UsernameDialog open={dialog === 'username'} onClose={close} onDone={done} />
      <PasswordDialog open={dialog === 'password'} onClose={close} onDone={done} />
      <ContactDialog kind="phone" open={dialog === 'phone'} onClose={close} onDone={done} />
      <ContactDialog kind="email" open={dialog === 'email'} onClose={close} onDone={done} />
    </Card>
  );
}
